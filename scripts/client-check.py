"""Checks Switchyard against the platform's published Python client.

Run by scripts/client-check with the server's base URL and admin token. Each check uses
the client as an application would; the client parses every error body with its `Error`
model, which requires `{"code": <string>, "message": <string>}`.
"""

import sys
from collections.abc import Callable

import httpx
from malloy_publisher_client import APIError, Error, MalloyAPIClient

base_url, token = sys.argv[1], sys.argv[2]
client = MalloyAPIClient(base_url, api_key=token)
results: list[tuple[str, str | None]] = []


def check(name: str) -> Callable[[Callable[[], None]], None]:
    def run(body: Callable[[], None]) -> None:
        try:
            body()
            results.append((name, None))
        except Exception as error:  # noqa: BLE001 - every failure is reported, not raised
            results.append((name, f"{type(error).__name__}: {error}"))

    return run


def expect_api_error(call: Callable[[], object], status: int, message: str | None = None) -> APIError:
    """The call fails with `status`, and the client read our error body (not a validation error)."""
    try:
        call()
    except APIError as error:
        assert error.status_code == status, f"status {error.status_code}, expected {status}"
        assert "validation error" not in error.message, f"the client could not read the body: {error.message}"
        if message is not None:
            assert error.message == message, f"message {error.message!r}, expected {message!r}"
        return error
    raise AssertionError(f"no error, expected {status}")


def error_body(response: httpx.Response) -> Error:
    """The body parsed with the client's own model."""
    return Error.model_validate(response.json())


setup = client.client.post("/api/v0/projects", json={"name": "checked"})
assert setup.status_code == 201, setup.text


@check("list_projects returns the projects")
def _() -> None:
    names = [project.name for project in client.list_projects()]
    assert "checked" in names, names


@check("a missing connection surfaces our message and code")
def _() -> None:
    path = "/api/v0/projects/checked/connections/missing"
    expect_api_error(
        lambda: client._handle_response(client.client.get(path)),
        404,
        "connection missing does not exist in project checked",
    )
    assert error_body(client.client.get(path)).code == "404"


@check("list_packages of a project is empty")
def _() -> None:
    assert client.list_packages("checked") == []


@check("list_packages of a missing project is a 404 with our message")
def _() -> None:
    expect_api_error(lambda: client.list_packages("nope"), 404, "project nope does not exist")


@check("without a token, 401 with code")
def _() -> None:
    anonymous = MalloyAPIClient(base_url)
    expect_api_error(anonymous.list_projects, 401)
    assert error_body(anonymous.client.get("/api/v0/projects")).code == "401"


@check("a route the server lacks (about) is a readable 404")
def _() -> None:
    expect_api_error(lambda: client.get_about("checked"), 404)


@check("a body that is not JSON is a readable 415")
def _() -> None:
    response = client.client.post(
        "/api/v0/projects/checked/connections/c", content="{}", headers={"Content-Type": "text/plain"}
    )
    expect_api_error(lambda: client._handle_response(response), 415)
    assert error_body(response).code == "415"


passed = [name for name, failure in results if failure is None]
failed = [(name, failure) for name, failure in results if failure is not None]
for name, failure in failed:
    print(f"FAILED {name}: {failure}")
print(f"{len(passed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
