"""The OpenAPI document lists every operation's error answers, in the one error shape."""

from __future__ import annotations

from server_helpers import Api

WRITES = {"post", "put", "patch", "delete"}


def test_every_operation_lists_its_error_answers_with_the_error_body(sqlite_api: Api) -> None:
    spec = sqlite_api.client.get("/openapi.json").json()
    assert "ErrorBody" in spec["components"]["schemas"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            where = f"{method.upper()} {path}"
            assert "422" in answers, where
            if path not in ("/api/v1/auth/login", "/api/v1/auth/logout"):
                assert {"401", "403", "404"} <= set(answers), where
            if method in WRITES:
                assert "403" in answers, where
            if "requestBody" in operation:
                assert "413" in answers, where
            if any(p["name"].lower() == "if-match" for p in operation.get("parameters", [])):
                assert {"409", "428"} <= set(answers), where
            for status, answer in answers.items():
                if status.startswith("4"):
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorBody"}, where
    login = spec["paths"]["/api/v1/auth/login"]["post"]["responses"]
    assert {"401", "429"} <= set(login)
    assert "Retry-After" in login["429"]["headers"]


def test_an_error_answer_has_the_documented_shape(sqlite_api: Api) -> None:
    spec = sqlite_api.client.get("/openapi.json").json()
    info = spec["components"]["schemas"]["ErrorInfo"]
    body = sqlite_api.client.get("/api/v1/events/999", headers=sqlite_api.as_("admin")).json()
    assert set(body) == {"error"}
    assert set(body["error"]) == set(info["properties"])
