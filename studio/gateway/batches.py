"""Answering one request or a batch: every request ends in an answer with a status code, never a crash.

A handler (studio.gateway.requests) raises CommandError to fail with its code; any other error
is logged and answered 702. Requests cost rate-limit tokens (a batch one per request in it, and
at most MAX_REQUESTS_PER_BATCH of them). `Sleep` waits here (sleepMillis) or for engine frames
(sleepFrames, in a SerialFrame batch).
"""

from __future__ import annotations

import asyncio
import logging

from studio.errors import StudioError
from studio.gateway.limits import MAX_REQUESTS_PER_BATCH, REQUESTS_PER_S
from studio.gateway import input_requests  # noqa: F401 - registers OBS's input requests
from studio.gateway.requests import REQUESTS
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import BatchExecution, Op, Status, Subscription

log = logging.getLogger(__name__)

MAX_SLEEP_MS = 50_000
MAX_SLEEP_FRAMES = 10_000


class RequestApi:
    """What a request handler may use; one per request."""

    def __init__(self, service, client, frame_paced: bool):
        self.service = service
        self.client = client
        self.frame_paced = frame_paced
        self.output_size = service.output_size
        self.incoming, self.outgoing = service.incoming, service.outgoing[0]

    async def engine(self, command: c.Command, timeout_s: float | None = None) -> dict:
        # One client's commands wait their turn past its own share, never taking every slot to the engine.
        async with self.client.commands_in_flight:
            return await (self.service.engine.call(command) if timeout_s is None
                          else self.service.engine.call(command, timeout_s))

    def broadcast(self, event_type: str, data: dict, intent: Subscription) -> None:
        """An event from one client to every client (BroadcastCustomEvent): it never reaches the engine."""
        self.service.broadcast(event_type, data, int(intent), vendor=False)

    async def sleep(self, data: dict) -> dict:
        if "sleepFrames" in data:
            frames = data["sleepFrames"]
            if not self.frame_paced:
                raise CommandError(Status.CANNOT_ACT, "Sleep: sleepFrames works in SerialFrame batches only")
            if isinstance(frames, bool) or not isinstance(frames, int) or not 0 <= frames <= MAX_SLEEP_FRAMES:
                raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"Sleep: sleepFrames must be 0..{MAX_SLEEP_FRAMES}")
            await self.engine(c.WaitFrames(frames=frames))
            return {}
        millis = data.get("sleepMillis")
        if isinstance(millis, bool) or not isinstance(millis, (int, float)) or not 0 <= millis <= MAX_SLEEP_MS:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"Sleep: sleepMillis must be 0..{MAX_SLEEP_MS}")
        await asyncio.sleep(millis / 1000)
        return {}


def _status(code: int, comment: str) -> dict:
    return {"result": False, "code": int(code), "comment": comment}


async def run_request(service, client, body: dict, frame_paced: bool = False) -> dict:
    request_type, request_id = body.get("requestType"), body.get("requestId")
    response = {"requestType": request_type, "requestId": request_id}
    try:
        if not isinstance(request_type, str) or not request_type:
            raise CommandError(Status.MISSING_REQUEST_TYPE, "missing requestType")
        handler = REQUESTS.get(request_type)
        if handler is None:
            raise CommandError(Status.UNKNOWN_REQUEST_TYPE,
                               f"unknown request {request_type!r} (see GetVersion's availableRequests)")
        data = body.get("requestData") or {}
        if not isinstance(data, dict):
            raise CommandError(Status.INVALID_REQUEST_FIELD_TYPE, f"{request_type}: requestData must be an object")
        answer = await handler(RequestApi(service, client, frame_paced), data)
    except CommandError as error:
        response["requestStatus"] = _status(error.code, error.comment)
        return response
    except StudioError as error:
        response["requestStatus"] = _status(Status.INVALID_REQUEST_FIELD, str(error))
        return response
    except Exception as error:
        log.exception("control request %s failed", request_type)
        response["requestStatus"] = _status(Status.REQUEST_PROCESSING_FAILED, f"{request_type} failed ({type(error).__name__})")
        return response
    response["requestStatus"] = {"result": True, "code": int(Status.SUCCESS)}
    if answer:
        response["responseData"] = answer
    return response


async def answer_request(service, client, body: dict) -> None:
    if not client.take_tokens(1):
        client.send_response(_refusal(Op.REQUEST, body, _status(Status.NOT_READY, _TOO_FAST)))
        return
    client.send_response({"op": Op.REQUEST_RESPONSE, "d": await run_request(service, client, body)})


async def answer_batch(service, client, body: dict) -> None:
    execution = body.get("executionType", BatchExecution.SERIAL_REALTIME)
    requests = body.get("requests")
    if execution not in (BatchExecution.SERIAL_REALTIME, BatchExecution.SERIAL_FRAME) or not isinstance(requests, list):
        client.send_response(_refusal(Op.REQUEST_BATCH, body, _status(
            Status.UNSUPPORTED_BATCH_EXECUTION_TYPE,
            "executionType 0 (SerialRealtime) or 1 (SerialFrame), with a `requests` list")))
        return
    if len(requests) > MAX_REQUESTS_PER_BATCH:
        client.send_response(_refusal(Op.REQUEST_BATCH, body, _status(
            Status.REQUEST_FIELD_OUT_OF_RANGE, f"a batch holds at most {MAX_REQUESTS_PER_BATCH} requests "
                                               f"(this one {len(requests)})")))
        return
    if not client.take_tokens(max(1, len(requests))):
        client.send_response(_refusal(Op.REQUEST_BATCH, body, _status(Status.NOT_READY, _TOO_FAST)))
        return
    results = []
    for request in requests:
        result = await run_request(service, client, request if isinstance(request, dict) else {},
                                   frame_paced=execution == BatchExecution.SERIAL_FRAME)
        results.append(result)
        if body.get("haltOnFailure") and not result["requestStatus"]["result"]:
            break
    client.send_response({"op": Op.REQUEST_BATCH_RESPONSE, "d": {"requestId": body.get("requestId"), "results": results}})


def refuse_message(client, op: int, body: dict, problem: str) -> None:
    """A request whose data cannot be accepted at the edge (studio.wire.text_safety), answered with why."""
    client.send_response(_refusal(op, body, _status(Status.INVALID_REQUEST_FIELD, problem)))


_TOO_FAST = f"too many requests: at most {REQUESTS_PER_S} a second per client (a batch counts each request); slow down"


def _refusal(op: int, body: dict, status: dict) -> dict:
    if op == Op.REQUEST_BATCH:
        return {"op": int(Op.REQUEST_BATCH_RESPONSE), "d": {"requestId": body.get("requestId"), "results": [
            {"requestType": None, "requestStatus": status}]}}
    return {"op": int(Op.REQUEST_RESPONSE), "d": {"requestType": body.get("requestType"),
                                                  "requestId": body.get("requestId"), "requestStatus": status}}
