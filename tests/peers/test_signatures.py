"""Signature Version 4 as the service checks it, with botocore doing the signing.

botocore signs requests in the header form and presigns URLs in the query form
(`generate_presigned_url`, the signer the AWS CLI shares: the CLI itself has no command that
presigns a Lambda request). What each test shows: presigned URLs verify (botocore signs the
SHA-256 of the empty body); an expired one, or a clock more than 5 minutes off, is 403
InvalidSignatureException "Signature expired/not yet current"; a body other than the one signed
is refused even when the request claims UNSIGNED-PAYLOAD or a streaming payload; session
tokens must be the one configured for the key.
"""

import datetime
import json
import time
import urllib.error
import urllib.request

import botocore.auth
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import (
    ACCESS_KEY,
    REGION,
    ROLE,
    SECRET_KEY,
    SESSION_TOKEN,
    TEMP_ACCESS_KEY,
    TEMP_SECRET_KEY,
    make_client,
    unique,
)


def fetch(url, method="GET", body=None, headers=None):
    """(status, error code or None, parsed JSON body) of a plain HTTP request."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, None, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("x-amzn-ErrorType"), json.loads(e.read() or b"{}")


def error_of(excinfo):
    err = excinfo.value.response
    return err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"], err["Error"].get("Message", "")


def test_botocore_presigned_urls_verify(lam, function):
    name = function["FunctionName"]
    url = lam.generate_presigned_url("get_function", Params={"FunctionName": name}, ExpiresIn=300)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url, url
    status, code, body = fetch(url)
    assert (status, code) == (200, None), body
    assert body["Configuration"]["FunctionName"] == name
    # With query parameters of its own.
    url = lam.generate_presigned_url("list_functions", Params={"MaxItems": 1}, ExpiresIn=60)
    status, code, body = fetch(url)
    assert (status, code) == (200, None), body
    assert len(body["Functions"]) == 1
    # Changed after signing.
    status, code, _ = fetch(url.replace("MaxItems=1", "MaxItems=2"))
    assert (status, code) == (403, "InvalidSignatureException")


def test_expired_presigned_url_is_refused(lam, function):
    url = lam.generate_presigned_url("get_function", Params={"FunctionName": function["FunctionName"]}, ExpiresIn=1)
    time.sleep(2.5)
    status, code, body = fetch(url)
    assert (status, code) == (403, "InvalidSignatureException"), body
    assert body["Message"].startswith("Signature expired: "), body


@pytest.mark.parametrize("minutes", [6, -6])
def test_a_clock_more_than_five_minutes_off_is_refused(server, monkeypatch, minutes):
    real = botocore.auth.get_current_datetime
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: real() + datetime.timedelta(minutes=minutes))
    with pytest.raises(ClientError) as e:
        make_client(server).list_functions()
    code, status, message = error_of(e)
    assert (code, status) == ("InvalidSignatureException", 403)
    expected = "Signature not yet current: " if minutes > 0 else "Signature expired: "
    assert message.startswith(expected), message


def test_a_clock_four_minutes_off_is_fine(server, monkeypatch):
    real = botocore.auth.get_current_datetime
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: real() - datetime.timedelta(minutes=4))
    make_client(server).list_functions()


def create_body(name):
    code = "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="  # an empty zip archive
    return json.dumps({"FunctionName": name, "Role": ROLE, "Runtime": "python3.12", "Handler": "a.b", "Code": {"ZipFile": code}}).encode()


def signed_create(server, body, content_sha256=None):
    """A CreateFunction request signed by botocore for `body`; with `content_sha256`, botocore
    signs that value (as it does for S3) in place of the body's hash."""
    headers = {"Content-Type": "application/json"}
    if content_sha256:
        headers["X-Amz-Content-SHA256"] = content_sha256
    req = AWSRequest(method="POST", url=f"{server}/2015-03-31/functions", data=body, headers=headers)
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "lambda", REGION).add_auth(req)
    return req


@pytest.mark.parametrize("claimed", ["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"])
def test_a_body_other_than_the_signed_one_is_refused(server, lam, claimed):
    signed_name, sent_name = unique("signed"), unique("swapped")
    req = signed_create(server, create_body(signed_name), content_sha256=claimed)
    status, code, body = fetch(req.url, "POST", create_body(sent_name), dict(req.headers.items()))
    assert (status, code) == (403, "InvalidSignatureException"), body
    for name in (signed_name, sent_name):
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.get_function(FunctionName=name)


def test_the_signed_body_is_accepted_and_a_swapped_one_refused(server, lam):
    name = unique("signed")
    req = signed_create(server, create_body(name))
    status, code, body = fetch(req.url, "POST", create_body(unique("swapped")), dict(req.headers.items()))
    assert (status, code) == (403, "InvalidSignatureException"), body
    status, code, body = fetch(req.url, "POST", create_body(name), dict(req.headers.items()))
    assert (status, code) == (201, None), body
    lam.delete_function(FunctionName=name)


def test_session_tokens_must_match(server):
    temp = make_client(server, TEMP_ACCESS_KEY, TEMP_SECRET_KEY, session_token=SESSION_TOKEN)
    temp.list_functions()
    presigned = temp.generate_presigned_url("list_functions", ExpiresIn=60)
    assert "X-Amz-Security-Token=" in presigned
    assert fetch(presigned)[0] == 200
    refused = [
        make_client(server, TEMP_ACCESS_KEY, TEMP_SECRET_KEY),  # no token
        make_client(server, TEMP_ACCESS_KEY, TEMP_SECRET_KEY, session_token="garbage"),
        make_client(server, session_token="garbage"),  # a token for a long-term key
    ]
    for client in refused:
        with pytest.raises(ClientError) as e:
            client.list_functions()
        code, status, message = error_of(e)
        assert (code, status) == ("UnrecognizedClientException", 403)
        assert message == "The security token included in the request is invalid."
