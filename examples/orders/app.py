"""The orders service: Python, standard library only, talking to its Outrigger sidecar over HTTP.

POST /orders          place an order: a quote by request/reply, an ETA by direct query, an
                      OrderPlaced event published, a ship command sent
GET  /orders/<id>     the order as the materialized view knows it (status, carrier, tracking)
POST /events/shipment pushed by the sidecar: one event of the shipment-log stream (the view's feed;
                      at start the view is rebuilt by reading the stream from the beginning)
GET  /healthz         liveness

Environment: PORT (8081), OUTRIGGER_URL (http://127.0.0.1:7700), OUTRIGGER_API_TOKEN (optional).
"""
import json
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIDECAR = os.environ.get("OUTRIGGER_URL", "http://127.0.0.1:7700")
TOKEN = os.environ.get("OUTRIGGER_API_TOKEN", "")

# The materialized view: order id -> what is known about it, fed by the shipment-log stream:
# read whole at start (rebuild_view), then pushed event by event by the sidecar's subscription.
orders = {}
lock = threading.Lock()


class SidecarError(Exception):
    def __init__(self, status, problem):
        super().__init__(f"{status} {problem.get('code', '')}: {problem.get('detail', '')}")
        self.status = status
        self.problem = problem


def sidecar(method, path, body=None, headers=None):
    """One call to the sidecar; JSON in and out. Errors are problem+json documents."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(SIDECAR + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if TOKEN:
        request.add_header("authorization", f"Bearer {TOKEN}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        raise SidecarError(error.code, json.loads(error.read() or b"{}")) from None


def place_order(order):
    order_id = str(uuid.uuid4())
    items = order.get("items", [])
    # Request/reply over the quote-requests queue: the shipping service answers, through its sidecar.
    quote = sidecar("POST", "/v1/query/quotes/quote", {"items": items, "zone": order.get("zone", "eu")})
    # A direct query: plain HTTP to the shipping service, with the target's timeout and retries.
    eta = sidecar("GET", f"/v1/query/shipping/eta?zone={order.get('zone', 'eu')}")
    with lock:
        orders[order_id] = {"id": order_id, "items": items, "quote": quote, "eta": eta, "status": "placed"}
    # Publish: whoever subscribed to OrderPlaced gets a copy (the shipping service filters on it).
    sidecar("POST", "/v1/publish/orders", {"id": order_id, "items": items},
            {"ce-type": "OrderPlaced", "ce-subject": f"order/{order_id}"})
    # Command: exactly one shipping instance ships it. The order id keeps retries idempotent.
    sidecar("POST", "/v1/command/shipments", {"orderId": order_id, "carrier": quote["carrier"]},
            {"ce-type": "ShipOrder", "idempotency-key": order_id, "outrigger-ordering-key": order_id})
    return orders[order_id]


def rebuild_view():
    """At start, the view is rebuilt by reading the whole shipment log once; the subscription then
    keeps it current. Events seen twice (replay and push) are applied twice, harmlessly."""
    while True:
        try:
            request = urllib.request.Request(SIDECAR + "/v1/stream/shipment-log?from=earliest&follow=false")
            request.add_header("accept", "application/x-ndjson")
            if TOKEN:
                request.add_header("authorization", f"Bearer {TOKEN}")
            with urllib.request.urlopen(request, timeout=30) as response:
                for line in response:
                    if line.strip():
                        apply_shipment_event(json.loads(line)["data"])
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)  # the sidecar is not up yet


def apply_shipment_event(event):
    """One event of the shipment log; applying it twice changes nothing (deliveries may repeat)."""
    with lock:
        view = orders.setdefault(event["orderId"], {"id": event["orderId"], "status": "unknown"})
        view.update(status=event["status"], carrier=event.get("carrier"), tracking=event.get("tracking"))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/healthz":
            return self.answer(200, {"status": "ok"})
        if self.path.startswith("/orders/"):
            with lock:
                view = orders.get(self.path.removeprefix("/orders/"))
            return self.answer(200, view) if view else self.answer(404, {"error": "no such order"})
        self.answer(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        body = json.loads(self.rfile.read(length) or b"null")
        try:
            if self.path == "/orders":
                return self.answer(201, place_order(body or {}))
            if self.path == "/events/shipment":
                apply_shipment_event(body)
                return self.answer(200, {})
        except SidecarError as error:
            # 503 makes the sidecar retry a push; for the caller of /orders it says "try again".
            return self.answer(502 if error.status < 500 else 503, {"error": str(error)})
        self.answer(404, {"error": "not found"})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    threading.Thread(target=rebuild_view, daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8081"))), Handler)
    print(f"orders service on http://127.0.0.1:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
