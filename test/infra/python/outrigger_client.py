"""An Outrigger client in Python, to prove "any language": stubs generated from proto/ at run
time with grpc_tools.protoc (Debian's python3-grpc-tools), calls made with Debian's python3-grpcio.

Usage: outrigger_client.py ADDR PROTO_DIR TOPIC SUBSCRIPTION QUEUE STREAM
Prints one JSON object with what it saw; exits non-zero on any unexpected failure.
"""
import atexit
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading

import grpc


def generate_stubs(proto_dir: str, out_dir: str) -> None:
    files = [os.path.join(root, name) for root, _, names in os.walk(os.path.join(proto_dir, "outrigger")) for name in names if name.endswith(".proto")]
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", f"-I{proto_dir}", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}", *files],
        check=True,
    )
    sys.path.insert(0, out_dir)


def consume(stub, consume_pb2, subscribe, want: int, ack_every: bool = True):
    """Opens a Consume stream, acks each delivery, and half-closes after `want` deliveries."""
    requests: "queue.Queue" = queue.Queue()
    requests.put(consume_pb2.ConsumeRequest(subscribe=subscribe))

    def outgoing():
        while True:
            item = requests.get()
            if item is None:
                return
            yield item

    seen, outstanding, max_outstanding, subscribed = [], set(), 0, None
    responses = stub.Consume(outgoing(), timeout=30)
    for response in responses:
        kind = response.WhichOneof("event")
        if kind == "subscribed":
            subscribed = {"kind": response.subscribed.source_kind, "name": response.subscribed.name, "max_in_flight": response.subscribed.max_in_flight}
        elif kind == "delivery":
            d = response.delivery
            outstanding.add(d.tag)
            max_outstanding = max(max_outstanding, len(outstanding))
            seen.append({"id": d.id, "attempt": d.attempt, "type": d.event.type, "data": d.event.data.decode(), "offset": d.stream.offset if d.HasField("stream") else None})
            # Settle in a moment, from another thread, as a real worker pool would.
            def settle(tag=d.tag):
                outstanding.discard(tag)
                requests.put(consume_pb2.ConsumeRequest(ack=consume_pb2.Ack(tags=[tag])))
            threading.Timer(0.05, settle).start()
            if len(seen) >= want:
                break
        elif kind == "settle_failed":
            raise RuntimeError(f"settlement failed: {response.settle_failed}")
    threading.Event().wait(0.2)  # let the last ack go out before half-closing
    requests.put(None)
    responses.cancel()
    return {"subscribed": subscribed, "deliveries": seen, "max_outstanding": max_outstanding}


def main() -> None:
    addr, proto_dir, topic, subscription, queue_name, stream = sys.argv[1:7]
    out_dir = tempfile.mkdtemp(prefix="outrigger-stubs-")
    atexit.register(shutil.rmtree, out_dir, ignore_errors=True)
    generate_stubs(proto_dir, out_dir)
    from outrigger.v1 import cloudevent_pb2, command_pb2, command_pb2_grpc, consume_pb2, consume_pb2_grpc  # noqa: E402
    from outrigger.v1 import publish_pb2, publish_pb2_grpc, stream_pb2, stream_pb2_grpc  # noqa: E402

    result = {}
    with grpc.insecure_channel(addr) as channel:
        grpc.channel_ready_future(channel).result(timeout=10)
        publisher = publish_pb2_grpc.PublishServiceStub(channel)
        commands = command_pb2_grpc.CommandServiceStub(channel)
        streams = stream_pb2_grpc.StreamServiceStub(channel)
        consumer = consume_pb2_grpc.ConsumeServiceStub(channel)

        published = []
        for i in range(3):
            event = cloudevent_pb2.CloudEvent(type="OrderCreated", data=json.dumps({"order": i}).encode(), data_content_type="application/json", extensions={"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"})
            published.append(publisher.Publish(publish_pb2.PublishRequest(topic=topic, event=event), timeout=10).id)
        result["published"] = published
        result["topic"] = consume(consumer, consume_pb2, consume_pb2.Subscribe(subscription=subscription, max_in_flight=2), want=3)

        sent = [commands.SendCommand(command_pb2.SendCommandRequest(queue=queue_name, event=cloudevent_pb2.CloudEvent(data=f"job-{i}".encode())), timeout=10).id for i in range(4)]
        result["sent"] = sent
        result["queue"] = consume(consumer, consume_pb2, consume_pb2.Subscribe(queue=queue_name, max_in_flight=2), want=4)
        leftover = commands.Receive(command_pb2.ReceiveRequest(queue=queue_name, max=10), timeout=10)
        result["queue_left"] = len(leftover.deliveries)

        appended = [streams.Append(stream_pb2.AppendRequest(stream=stream, event=cloudevent_pb2.CloudEvent(data=f"tick-{i}".encode()), partition_key="sensor-1"), timeout=10) for i in range(3)]
        result["appended"] = [{"partition": a.partition, "offset": a.offset} for a in appended]
        read = streams.ReadStream(stream_pb2.ReadStreamRequest(stream=stream, start=stream_pb2.START_POSITION_EARLIEST), timeout=10)
        result["read"] = [e.event.data.decode() for e in read]

        try:
            publisher.Publish(publish_pb2.PublishRequest(topic="no-such-topic", event=cloudevent_pb2.CloudEvent()), timeout=10)
            result["unknown"] = None
        except grpc.RpcError as err:
            trailers = dict(err.trailing_metadata() or ())
            result["unknown"] = {"status": err.code().name, "code": trailers.get("outrigger-code")}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
