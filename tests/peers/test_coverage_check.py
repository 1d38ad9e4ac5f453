"""The pieces of the session's coverage check (conftest.py): reading the AWS CLI's debug log,
reading the pending list, and what the check refuses."""

from conftest import coverage_problems, parse_cli_log, pending_operations

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


def test_pending_list_ignores_comments_and_blank_lines(tmp_path):
    path = tmp_path / "pending.txt"
    path.write_text("# why\n\nGetDurableExecution\n  StopDurableExecution  \n")
    assert pending_operations(path) == {"GetDurableExecution", "StopDurableExecution"}
    assert pending_operations(tmp_path / "gone.txt") == set()


def test_the_check_names_what_is_missing_stale_or_unknown():
    spec = {"A", "B", "C", "D"}
    assert coverage_problems(spec, {"D"}, {"A", "B", "C"}) == ([], [], [])
    assert coverage_problems(spec, set(), {"A", "C"}) == (["B", "D"], [], [])
    assert coverage_problems(spec, {"C", "Z"}, {"A", "B", "C"}) == (["D"], ["C"], ["Z"])
