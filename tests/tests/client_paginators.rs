//! Paginators: pages and items of list operations, following NextMarker across pages.

mod client_common;

use client_common::*;
use futures_util::StreamExt;
use lambda_api::client::SdkError;
use lambda_api::operations::list_aliases::ListAliasesInput;
use lambda_api::operations::list_functions::{ListFunctionsError, ListFunctionsInput};
use serde_json::json;

/// A server with three pages of functions; the marker of page n+1 is `m/{n}+` (it needs
/// encoding).
async fn three_pages() -> Server {
    Server::start(|r| {
        let marker = r.raw_query_pairs().into_iter().find_map(|p| p.strip_prefix("Marker=").map(str::to_string));
        let (names, next): (&[&str], Option<&str>) = match marker.as_deref() {
            None => (&["f1", "f2"], Some("m/1+")),
            Some("m%2F1%2B") => (&["f3", "f4"], Some("m/2+")),
            Some("m%2F2%2B") => (&["f5"], None),
            Some(other) => panic!("unexpected marker {other}"),
        };
        let functions: Vec<_> = names.iter().map(|n| json!({"FunctionName": n})).collect();
        let mut body = json!({"Functions": functions});
        if let Some(n) = next {
            body["NextMarker"] = json!(n);
        }
        Reply::json(200, &body)
    })
    .await
}

fn names(page: &lambda_api::operations::list_functions::ListFunctionsOutput) -> Vec<String> {
    page.functions.iter().flatten().map(|f| f.function_name.clone().unwrap()).collect()
}

#[tokio::test]
async fn items_follow_next_marker_to_the_last_page() {
    let server = three_pages().await;
    let c = client(&server);
    let input = ListFunctionsInput::builder().max_items(2).build().unwrap();
    let items: Vec<_> = c.list_functions_paginator(input).items().collect().await;
    let got: Vec<_> = items.into_iter().map(|r| r.unwrap().function_name.unwrap()).collect();
    assert_eq!(got, ["f1", "f2", "f3", "f4", "f5"]);
    let reqs = server.requests();
    let queries: Vec<_> = reqs.iter().map(|r| r.raw_query_pairs()).collect();
    assert_eq!(
        queries,
        [
            vec!["MaxItems=2".to_string()],
            vec!["Marker=m%2F1%2B".to_string(), "MaxItems=2".to_string()],
            vec!["Marker=m%2F2%2B".to_string(), "MaxItems=2".to_string()],
        ]
    );
    for r in &reqs {
        verify_sigv4(r, Some(SESSION_TOKEN)).unwrap();
    }
}

#[tokio::test]
async fn pages_are_whole_outputs_and_can_be_limited() {
    let server = three_pages().await;
    let c = client(&server);
    let pages: Vec<_> = c.list_functions_paginator(ListFunctionsInput::default()).pages().collect().await;
    let pages: Vec<_> = pages.into_iter().map(Result::unwrap).collect();
    assert_eq!(pages.len(), 3);
    assert_eq!(names(&pages[1]), ["f3", "f4"]);
    assert_eq!(pages[1].next_marker.as_deref(), Some("m/2+"));
    assert_eq!(pages[2].next_marker, None);

    let limited: Vec<_> =
        c.list_functions_paginator(ListFunctionsInput::default()).page_limit(2).pages().collect().await;
    assert_eq!(limited.len(), 2);
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_with_its_error() {
    let server = Server::scripted(vec![
        Reply::json(200, &json!({"Functions": [{"FunctionName": "f1"}], "NextMarker": "next"})),
        Reply::error(400, "InvalidParameterValueException", "bad marker"),
    ])
    .await;
    let items: Vec<_> = client(&server).list_functions_paginator(ListFunctionsInput::default()).items().collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().function_name.as_deref(), Some("f1"));
    assert!(matches!(
        &items[1],
        Err(SdkError::Service(s)) if matches!(s.err(), ListFunctionsError::InvalidParameterValueException(_))
    ));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_marker_handed_back_unchanged_stops_the_paginator() {
    let server =
        Server::start(|_| Reply::json(200, &json!({"Aliases": [{"Name": "live"}], "NextMarker": "same"}))).await;
    let pages: Vec<_> = client(&server)
        .list_aliases_paginator(ListAliasesInput::builder().function_name("my-function").build().unwrap())
        .pages()
        .collect()
        .await;
    // Page 1 (no marker sent), page 2 (sent "same", got "same" back): an error, then the end.
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages[0].is_ok());
    assert!(matches!(&pages[1], Err(SdkError::InvalidResponse(e)) if e.reason.contains("NextMarker")));
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.requests()[1].query.as_deref(), Some("Marker=same"));
}

#[tokio::test]
async fn an_empty_next_marker_is_the_last_page() {
    let server = Server::start(|_| Reply::json(200, &json!({"Functions": [], "NextMarker": ""}))).await;
    let pages: Vec<_> = client(&server).list_functions_paginator(ListFunctionsInput::default()).pages().collect().await;
    assert_eq!(pages.len(), 1);
    assert_eq!(server.requests().len(), 1);
}
