"""What a tool that knows nothing of Outrigger's .proto files does: asks server reflection for a
service, builds a descriptor pool from the FileDescriptorProtos it answers (fetching imports by
file name), and calls methods through message classes made from that pool alone.

Usage: reflection_client.py ADDR REFLECTION_PROTO QUEUE   (REFLECTION_PROTO: grpc/reflection/v1/reflection.proto)
Prints one JSON object with what it found; exits non-zero on any failure.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def reflection_stub(reflection_proto: str, out_dir: str):
    # Copied under another path: a module named grpc.reflection would be looked up inside the installed grpc package.
    os.makedirs(os.path.join(out_dir, "serverreflection"))
    shutil.copy(reflection_proto, os.path.join(out_dir, "serverreflection", "reflection.proto"))
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", f"-I{out_dir}", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}", "serverreflection/reflection.proto"],
        check=True,
    )
    sys.path.insert(0, out_dir)
    from serverreflection import reflection_pb2, reflection_pb2_grpc  # noqa: E402  (generated above)

    return reflection_pb2, reflection_pb2_grpc


def main() -> None:
    addr, reflection_proto, queue = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as out_dir:
        reflection_pb2, reflection_pb2_grpc = reflection_stub(reflection_proto, out_dir)
        channel = grpc.insecure_channel(addr)
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)

        def ask(**request):
            [response] = list(stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(**request)]), timeout=10))
            if response.HasField("error_response"):
                raise RuntimeError(f"reflection refused {request}: {response.error_response.error_message}")
            return response

        services = [s.name for s in ask(list_services="").list_services_response.service]
        files = {}

        def collect(response):
            for raw in response.file_descriptor_response.file_descriptor_proto:
                proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
                files.setdefault(proto.name, (proto, raw))

        for name in services:
            collect(ask(file_containing_symbol=name))
        # Every import must be obtainable by its file name, as a tool asks for it.
        missing = [dep for proto, _ in list(files.values()) for dep in proto.dependency if dep not in files]
        while missing:
            collect(ask(file_by_filename=missing.pop()))
            missing = [dep for proto, _ in list(files.values()) for dep in proto.dependency if dep not in files]

        pool = descriptor_pool.DescriptorPool()
        added = set()
        while len(added) < len(files):
            progress = False
            for name, (proto, raw) in files.items():
                if name not in added and all(dep in added for dep in proto.dependency):
                    pool.AddSerializedFile(raw)
                    added.add(name)
                    progress = True
            if not progress:
                raise RuntimeError(f"imports never satisfied: {sorted(set(files) - added)}")

        factory = message_factory.MessageFactory(pool)
        service = pool.FindServiceByName("outrigger.v1.CommandService")

        def call(method_name, **fields):
            method = service.methods_by_name[method_name]
            request_class = factory.GetPrototype(method.input_type)
            response_class = factory.GetPrototype(method.output_type)
            invoke = channel.unary_unary(
                f"/{service.full_name}/{method.name}",
                request_serializer=lambda message: message.SerializeToString(),
                response_deserializer=response_class.FromString,
            )
            return invoke(request_class(**fields), timeout=10)

        send_fields = [f.name for f in service.methods_by_name["SendCommand"].input_type.fields]
        cloud_event = factory.GetPrototype(pool.FindMessageTypeByName("outrigger.v1.CloudEvent"))
        sent = call("SendCommand", queue=queue, event=cloud_event(type="Reflected", data=b"by reflection", data_content_type="text/plain"))
        received = call("Receive", queue=queue, max=1)
        print(
            json.dumps(
                {
                    "services": services,
                    "files": {name: list(proto.dependency) for name, (proto, _) in files.items()},
                    "send_fields": send_fields,
                    "sent": sent.id,
                    "received": [{"id": d.id, "data": d.event.data.decode(), "lease_expires_at": d.lease_expires_at.ToJsonString()} for d in received.deliveries],
                }
            )
        )


if __name__ == "__main__":
    main()
