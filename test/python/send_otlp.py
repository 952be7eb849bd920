"""Sends one agent-shaped trace and a linked log record with the official OpenTelemetry Python SDK.

Usage: send_otlp.py grpc|http ENDPOINT  (prints {"trace_id": ..., "span_ids": {...}} on stdout)
Python apps export gRPC on 4317 by default; this drives exactly that exporter.
"""
import json
import sys

from opentelemetry import trace
from opentelemetry._logs import SeverityNumber
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

protocol, endpoint = sys.argv[1], sys.argv[2]
if protocol == "grpc":
    from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

    span_exporter = OTLPSpanExporter(endpoint=endpoint, insecure=True, compression=None)
    log_exporter = OTLPLogExporter(endpoint=endpoint, insecure=True)
else:
    from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.exporter.otlp.proto.http import Compression

    span_exporter = OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces", compression=Compression.Gzip)
    log_exporter = OTLPLogExporter(endpoint=f"{endpoint}/v1/logs")

resource = Resource.create({"service.name": f"python-{protocol}"})
provider = TracerProvider(resource=resource)
provider.add_span_processor(BatchSpanProcessor(span_exporter))
logs = LoggerProvider(resource=resource)
logs.add_log_record_processor(BatchLogRecordProcessor(log_exporter))
tracer = provider.get_tracer("python-test", "9.9.9")
logger = logs.get_logger("gen_ai")

with tracer.start_as_current_span("agent run") as root:
    with tracer.start_as_current_span("chat llama3", kind=trace.SpanKind.CLIENT) as llm:
        llm.set_attribute("gen_ai.request.model", "llama3")
        llm.set_attribute("gen_ai.usage.input_tokens", 12)
        llm.set_attribute("gen_ai.request.temperature", 0.7)
        llm.set_attribute("gen_ai.response.finish_reasons", ["stop"])
        logger.emit(
            body={"content": "Why is the sky blue?"},
            severity_number=SeverityNumber.INFO,
            attributes={"event.name": "gen_ai.user.message"},
        )

provider.force_flush()
logs.force_flush()
ctx_root, ctx_llm = root.get_span_context(), llm.get_span_context()
print(json.dumps({
    "trace_id": format(ctx_root.trace_id, "032x"),
    "span_ids": {"root": format(ctx_root.span_id, "016x"), "llm": format(ctx_llm.span_id, "016x")},
}))
provider.shutdown()
logs.shutdown()
