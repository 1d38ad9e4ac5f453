"""The pieces of the session's coverage check (conftest.py): reading the AWS CLI's debug log
and what the check refuses."""

from conftest import missing_operations, parse_cli_log

CLI_LOG = """\
2026-01-01 10:00:00,000 - MainThread - botocore.endpoint - DEBUG - Making request for OperationModel(name=GetFunction) with params: {'url_path': '/x'}
2026-01-01 10:00:00,001 - MainThread - urllib3.connectionpool - DEBUG - Starting new HTTP connection (1): 127.0.0.1:9001
2026-01-01 10:00:00,002 - MainThread - urllib3.connectionpool - DEBUG - http://127.0.0.1:9001 "GET /2015-03-31/functions/f HTTP/1.1" 404 136
2026-01-01 10:00:00,003 - MainThread - botocore.endpoint - DEBUG - Making request for OperationModel(name=PublishVersion) with params: {}
2026-01-01 10:00:00,004 - MainThread - urllib3.connectionpool - DEBUG - http://127.0.0.1:9001 "POST /2015-03-31/functions/f/versions HTTP/1.1" 201 1024
2026-01-01 10:00:00,005 - MainThread - botocore.endpoint - DEBUG - Making request for OperationModel(name=ListTags) with params: {}
"""


def test_cli_log_pairs_each_request_with_its_status():
    # The last request never got an answer, so it is not counted.
    assert parse_cli_log(CLI_LOG) == [("GetFunction", 404), ("PublishVersion", 201)]
    assert parse_cli_log("") == []


def test_the_check_names_the_operations_never_answered():
    spec = {"A", "B", "C", "D"}
    assert missing_operations(spec, {"A", "B", "C", "D", "Other"}) == []
    assert missing_operations(spec, {"C", "A"}) == ["B", "D"]
