//! Event source mappings. The settings a request carries are copied as they are (through
//! their shared JSON shape), then completed with the defaults of the kind of source.

use crate::error::{Fail, Res};
use crate::state::Store;
use crate::util::{new_uuid, paginate, Page};
use lambda_api::enums::{EventSourceMappingMetric, EventSourcePosition};
use lambda_api::operations::create_event_source_mapping::CreateEventSourceMappingInput;
use lambda_api::operations::list_event_source_mappings::{ListEventSourceMappingsInput, ListEventSourceMappingsOutput};
use lambda_api::operations::update_event_source_mapping::UpdateEventSourceMappingInput;
use lambda_api::types::{DestinationConfig, EventSourceMappingConfiguration, OnFailure, ProvisionedPollerConfig};
use lambda_rt::Timestamp;
use serde_json::Value;

/// Most items one page of ListEventSourceMappings holds.
pub const ESM_PAGE_CAP: usize = 10_000;

/// The kind of event source, from its ARN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// Amazon SQS.
    Sqs,
    /// Kinesis or DynamoDB Streams.
    Stream,
    /// Amazon MSK or self-managed Apache Kafka.
    Kafka,
    /// Amazon MQ.
    Mq,
    /// Amazon DocumentDB.
    DocumentDb,
}

/// The kind of source an ESM reads from.
pub fn source_kind(event_source_arn: Option<&str>, self_managed: bool) -> Res<SourceKind> {
    if self_managed {
        return Ok(SourceKind::Kafka);
    }
    let arn = event_source_arn.ok_or_else(|| {
        Fail::InvalidParameter("Either EventSourceArn or SelfManagedEventSource must be specified.".into())
    })?;
    let service = arn.split(':').nth(2).unwrap_or_default();
    match service {
        "sqs" => Ok(SourceKind::Sqs),
        "kinesis" | "dynamodb" => Ok(SourceKind::Stream),
        "kafka" => Ok(SourceKind::Kafka),
        "mq" => Ok(SourceKind::Mq),
        "rds" | "docdb" => Ok(SourceKind::DocumentDb),
        _ => Err(Fail::InvalidParameter(format!(
            "Unrecognized event source, must be kinesis, dynamodb stream, sqs, kafka, mq or documentdb: {arn}"
        ))),
    }
}

fn missing() -> Fail {
    Fail::NotFound("The resource you requested does not exist.".into())
}

/// Resolves a function name (qualified or not) to the ARN an ESM invokes.
fn function_arn(store: &Store, function_name: &str) -> Res<String> {
    let r = store.scope.parse_function(function_name)?;
    store.target(&r.name, r.qualifier.as_deref())?;
    Ok(store.scope.qualified_arn(&r.name, r.qualifier.as_deref()))
}

/// The rules of the kind of source, checked on the combined settings.
fn check(kind: SourceKind, c: &EventSourceMappingConfiguration) -> Res<()> {
    let stream_only = c.parallelization_factor.is_some()
        || c.bisect_batch_on_function_error.is_some()
        || c.maximum_record_age_in_seconds.is_some()
        || c.tumbling_window_in_seconds.is_some()
        || c.maximum_retry_attempts.is_some();
    match kind {
        SourceKind::Sqs => {
            if c.starting_position.is_some() {
                return Err(Fail::InvalidParameter("StartingPosition is not valid for SQS event sources.".into()));
            }
            if stream_only {
                return Err(Fail::InvalidParameter(
                    "ParallelizationFactor, BisectBatchOnFunctionError, MaximumRecordAgeInSeconds, TumblingWindowInSeconds and MaximumRetryAttempts are only supported for stream event sources."
                        .into(),
                ));
            }
            let batch = c.batch_size.unwrap_or(10);
            let fifo = c.event_source_arn.as_deref().is_some_and(|a| a.ends_with(".fifo"));
            if fifo && batch > 10 {
                return Err(Fail::InvalidParameter("Batch size for FIFO queues must be between 1 and 10.".into()));
            }
            if batch > 10 && c.maximum_batching_window_in_seconds.unwrap_or(0) < 1 {
                return Err(Fail::InvalidParameter(
                    "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"
                        .into(),
                ));
            }
        }
        SourceKind::Stream | SourceKind::Kafka => {
            if c.starting_position.is_none() {
                return Err(Fail::InvalidParameter(
                    "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null."
                        .into(),
                ));
            }
            if c.starting_position == Some(EventSourcePosition::AtTimestamp) && c.starting_position_timestamp.is_none()
            {
                return Err(Fail::InvalidParameter(
                    "StartingPositionTimestamp is required when StartingPosition is AT_TIMESTAMP.".into(),
                ));
            }
            if kind == SourceKind::Kafka && c.topics.as_ref().is_none_or(|t| t.is_empty()) {
                return Err(Fail::InvalidParameter("Topics must be specified for Kafka event sources.".into()));
            }
        }
        SourceKind::Mq | SourceKind::DocumentDb => {}
    }
    check_newer_settings(kind, c)
}

/// The rules of the settings the model added: logging, Kafka metrics, Kafka source settings
/// and poller group names are for Kafka sources; provisioned pollers for SQS and Kafka, within
/// each kind's range.
fn check_newer_settings(kind: SourceKind, c: &EventSourceMappingConfiguration) -> Res<()> {
    let kafka = kind == SourceKind::Kafka;
    if !kafka && c.logging_config.is_some() {
        return Err(Fail::InvalidParameter("LoggingConfig is only supported for Kafka event sources.".into()));
    }
    let kafka_metrics = c.metrics_config.as_ref().and_then(|m| m.metrics.as_ref()).is_some_and(|m| {
        m.iter().any(|x| matches!(x, EventSourceMappingMetric::ErrorCount | EventSourceMappingMetric::KafkaMetrics))
    });
    if !kafka && kafka_metrics {
        return Err(Fail::InvalidParameter(
            "The metrics ErrorCount and KafkaMetrics are only supported for Kafka event sources.".into(),
        ));
    }
    if !kafka
        && (c.amazon_managed_kafka_event_source_config.is_some() || c.self_managed_kafka_event_source_config.is_some())
    {
        return Err(Fail::InvalidParameter(
            "AmazonManagedKafkaEventSourceConfig and SelfManagedKafkaEventSourceConfig are only supported for Kafka event sources."
                .into(),
        ));
    }
    if c.self_managed_event_source.is_none() && c.self_managed_kafka_event_source_config.is_some() {
        return Err(Fail::InvalidParameter(
            "SelfManagedKafkaEventSourceConfig is only supported for self-managed Apache Kafka event sources.".into(),
        ));
    }
    if c.self_managed_event_source.is_some() && c.amazon_managed_kafka_event_source_config.is_some() {
        return Err(Fail::InvalidParameter(
            "AmazonManagedKafkaEventSourceConfig is only supported for Amazon MSK event sources.".into(),
        ));
    }
    if let Some(p) = &c.provisioned_poller_config {
        let (low, high) = match kind {
            SourceKind::Sqs => (2, 10_000),
            SourceKind::Kafka => (1, 2_000),
            _ => {
                return Err(Fail::InvalidParameter(
                    "ProvisionedPollerConfig is only supported for Amazon SQS and Kafka event sources.".into(),
                ))
            }
        };
        let (min, max) = (p.minimum_pollers.unwrap_or(low), p.maximum_pollers.unwrap_or(200));
        if min < low || max < low || max > high || min > max {
            return Err(Fail::InvalidParameter(format!(
                "ProvisionedPollerConfig: MinimumPollers ({min}) and MaximumPollers ({max}) must be between {low} and {high}, the minimum no larger than the maximum."
            )));
        }
        if !kafka && p.poller_group_name.is_some() {
            return Err(Fail::InvalidParameter("PollerGroupName is only supported for Kafka event sources.".into()));
        }
    }
    Ok(())
}

/// The provisioned poller defaults of the kind of source: a minimum of 2 pollers for SQS and
/// 1 for Kafka, a maximum of 200.
fn pollers_with_defaults(kind: SourceKind, p: ProvisionedPollerConfig) -> ProvisionedPollerConfig {
    let low = if kind == SourceKind::Sqs { 2 } else { 1 };
    let mut p = p;
    p.minimum_pollers = Some(p.minimum_pollers.unwrap_or(low));
    p.maximum_pollers = Some(p.maximum_pollers.unwrap_or(200));
    p
}

fn with_defaults(kind: SourceKind, mut c: EventSourceMappingConfiguration) -> EventSourceMappingConfiguration {
    c.batch_size = c.batch_size.or(Some(if kind == SourceKind::Sqs { 10 } else { 100 }));
    c.maximum_batching_window_in_seconds = c.maximum_batching_window_in_seconds.or(Some(0));
    if kind == SourceKind::Stream {
        c.parallelization_factor = c.parallelization_factor.or(Some(1));
        c.maximum_record_age_in_seconds = c.maximum_record_age_in_seconds.or(Some(-1));
        c.maximum_retry_attempts = c.maximum_retry_attempts.or(Some(-1));
        c.bisect_batch_on_function_error = c.bisect_batch_on_function_error.or(Some(false));
        c.tumbling_window_in_seconds = c.tumbling_window_in_seconds.or(Some(0));
        c.function_response_types = c.function_response_types.or(Some(Vec::new()));
        c.destination_config =
            c.destination_config.or(Some(DestinationConfig::builder().on_failure(OnFailure::default()).build()));
    }
    if matches!(kind, SourceKind::Stream | SourceKind::Kafka) {
        c.last_processing_result = c.last_processing_result.or(Some("No records processed".into()));
    }
    c.provisioned_poller_config = c.provisioned_poller_config.map(|p| pollers_with_defaults(kind, p));
    c
}

/// Copies the members of `from` (a request) onto `onto` (a configuration), except `skip`.
fn overlay<T: serde::Serialize>(onto: &mut Value, from: &T, skip: &[&str]) -> Res<()> {
    let from = serde_json::to_value(from).map_err(|e| Fail::Service(e.to_string()))?;
    if let (Value::Object(dst), Value::Object(src)) = (onto, from) {
        for (k, v) in src {
            if !skip.contains(&k.as_str()) && !v.is_null() {
                dst.insert(k, v);
            }
        }
    }
    Ok(())
}

fn from_value(v: Value) -> Res<EventSourceMappingConfiguration> {
    serde_json::from_value(v).map_err(|e| Fail::Service(e.to_string()))
}

/// CreateEventSourceMapping. The answer's state is `Creating`; the mapping is `Enabled` (or
/// `Disabled`) from then on.
pub fn create_event_source_mapping(
    store: &mut Store,
    input: CreateEventSourceMappingInput,
) -> Res<EventSourceMappingConfiguration> {
    let function_arn = function_arn(store, &input.function_name)?;
    let kind = source_kind(input.event_source_arn.as_deref(), input.self_managed_event_source.is_some())?;
    let mut value = Value::Object(Default::default());
    overlay(&mut value, &input, &["FunctionName", "Enabled", "Tags"])?;
    let mut c = from_value(value)?;
    check(kind, &c)?;
    if let Some(source) = c.event_source_arn.as_deref() {
        if let Some(existing) = store.event_source_mappings.values().find(|m| {
            m.event_source_arn.as_deref() == Some(source) && m.function_arn.as_deref() == Some(function_arn.as_str())
        }) {
            return Err(Fail::Conflict(format!(
                "An event source mapping with event source (\"{source}\") and function (\"{function_arn}\") already exists. Please update or delete the existing mapping with UUID {}",
                existing.uuid.clone().unwrap_or_default()
            )));
        }
    }
    let uuid = new_uuid();
    let arn = store.scope.event_source_mapping_arn(&uuid);
    c.uuid = Some(uuid.clone());
    c.event_source_mapping_arn = Some(arn.clone());
    c.function_arn = Some(function_arn);
    c.last_modified = Some(Timestamp::now());
    c.state = Some(if input.enabled == Some(false) { "Disabled" } else { "Enabled" }.into());
    c.state_transition_reason = Some("USER_INITIATED".into());
    let c = with_defaults(kind, c);
    if let Some(tags) = input.tags.filter(|t| !t.is_empty()) {
        store.resource_tags.insert(arn, tags.into_iter().collect());
    }
    store.event_source_mappings.insert(uuid, c.clone());
    let mut answer = c;
    answer.state = Some("Creating".into());
    Ok(answer)
}

/// GetEventSourceMapping.
pub fn get_event_source_mapping(store: &Store, uuid: &str) -> Res<EventSourceMappingConfiguration> {
    store.event_source_mappings.get(uuid).cloned().ok_or_else(missing)
}

/// UpdateEventSourceMapping: changes what the request sets. The answer's state is
/// `Updating`.
pub fn update_event_source_mapping(
    store: &mut Store,
    input: UpdateEventSourceMappingInput,
) -> Res<EventSourceMappingConfiguration> {
    let current = get_event_source_mapping(store, &input.uuid)?;
    let new_function = match &input.function_name {
        Some(f) => Some(function_arn(store, f)?),
        None => None,
    };
    let kind = source_kind(current.event_source_arn.as_deref(), current.self_managed_event_source.is_some())?;
    let mut value = serde_json::to_value(&current).map_err(|e| Fail::Service(e.to_string()))?;
    overlay(&mut value, &input, &["UUID", "FunctionName", "Enabled"])?;
    let mut c = from_value(value)?;
    check(kind, &c)?;
    c.provisioned_poller_config = c.provisioned_poller_config.take().map(|p| pollers_with_defaults(kind, p));
    if let Some(f) = new_function {
        c.function_arn = Some(f);
    }
    if let Some(enabled) = input.enabled {
        c.state = Some(if enabled { "Enabled" } else { "Disabled" }.into());
    }
    c.last_modified = Some(Timestamp::now());
    c.state_transition_reason = Some("USER_INITIATED".into());
    store.event_source_mappings.insert(input.uuid, c.clone());
    let mut answer = c;
    answer.state = Some("Updating".into());
    Ok(answer)
}

/// DeleteEventSourceMapping. The answer's state is `Deleting`.
pub fn delete_event_source_mapping(store: &mut Store, uuid: &str) -> Res<EventSourceMappingConfiguration> {
    let mut c = store.event_source_mappings.remove(uuid).ok_or_else(missing)?;
    store.resource_tags.remove(&store.scope.event_source_mapping_arn(uuid));
    c.state = Some("Deleting".into());
    Ok(c)
}

/// ListEventSourceMappings, optionally for one event source and/or one function.
pub fn list_event_source_mappings(
    store: &Store,
    input: ListEventSourceMappingsInput,
) -> Res<ListEventSourceMappingsOutput> {
    let function = match &input.function_name {
        Some(f) => {
            let r = store.scope.parse_function(f)?;
            Some((store.scope.qualified_arn(&r.name, r.qualifier.as_deref()), r.qualifier.is_none()))
        }
        None => None,
    };
    let items: Vec<_> = store
        .event_source_mappings
        .iter()
        .filter(|(_, m)| input.event_source_arn.as_deref().is_none_or(|s| m.event_source_arn.as_deref() == Some(s)))
        .filter(|(_, m)| {
            function.as_ref().is_none_or(|(arn, unqualified)| {
                let have = m.function_arn.as_deref().unwrap_or_default();
                have == arn || (*unqualified && have.starts_with(&format!("{arn}:")))
            })
        })
        .map(|(k, m)| (k.clone(), m.clone()))
        .collect();
    let Page { items, next_marker } = paginate(items, input.marker.as_deref(), input.max_items, ESM_PAGE_CAP)?;
    Ok(ListEventSourceMappingsOutput::builder().event_source_mappings(items).set_next_marker(next_marker).build())
}
