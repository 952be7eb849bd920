"""Drives the real `openai` client, wrapped by one real GenAI instrumentation, against a fake
OpenAI server, exporting over OTLP as that package's documented setup does.

Usage: instrumented_openai.py FLAVOR PROTOCOL ENDPOINT OPENAI_BASE_URL
  FLAVOR    openai-v2 | openai-v2-latest | openlit | traceloop | openinference | logfire
  PROTOCOL  grpc | http
  ENDPOINT  http://127.0.0.1:PORT (the receiver's gRPC or HTTP port)

Scenario, all under one root span: a chat (system + user), a streamed chat with usage, a tool
call and its result round trip (two chats), an embeddings call. Every request carries the
header x-test-run: py-FLAVOR-PROTOCOL (also the service name), so that runs sharing one fake
server can tell their requests apart. Prints JSON as the last line of stdout:
{"trace_id": ..., "service": ..., "answers": {...}}.
Nothing here reaches the internet: no vendor telemetry, no price downloads, no cloud exporter.
"""
import json
import os
import sys
import tempfile

flavor, protocol, endpoint, base_url = sys.argv[1:5]
if protocol not in ("grpc", "http"):
    raise SystemExit(f"unknown protocol {protocol}")

SERVICE = f"py-{flavor}-{protocol}"

# Nothing may reach the internet: vendor telemetry, price downloads and the like stay off.
os.environ.setdefault("TRACELOOP_TELEMETRY", "false")
os.environ.pop("OPENAI_API_KEY", None)


def span_exporter():
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(endpoint=endpoint, insecure=True)
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces")


def log_exporter():
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter

        return OTLPLogExporter(endpoint=endpoint, insecure=True)
    from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter

    return OTLPLogExporter(endpoint=f"{endpoint}/v1/logs")


def sdk_providers():
    """A TracerProvider and LoggerProvider exporting over OTLP, set as the globals."""
    from opentelemetry import _logs, trace
    from opentelemetry.sdk._logs import LoggerProvider
    from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    resource = Resource.create({"service.name": SERVICE})
    tp = TracerProvider(resource=resource)
    tp.add_span_processor(BatchSpanProcessor(span_exporter()))
    trace.set_tracer_provider(tp)
    lp = LoggerProvider(resource=resource)
    lp.add_log_record_processor(BatchLogRecordProcessor(log_exporter()))
    _logs.set_logger_provider(lp)
    return tp, lp


flush = []  # callables run after the scenario
root_span = None  # context-manager factory for the root span

if flavor in ("openai-v2", "openai-v2-latest"):
    # opentelemetry-instrumentation-openai-v2. Without the opt-in it follows semconv 1.30 and
    # puts content in log records (events); with it, content goes on the span.
    if flavor == "openai-v2-latest":
        os.environ["OTEL_SEMCONV_STABILITY_OPT_IN"] = "gen_ai_latest_experimental"
        os.environ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "span_only"
    else:
        os.environ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "true"
    from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor

    tp, lp = sdk_providers()
    OpenAIInstrumentor().instrument(tracer_provider=tp, logger_provider=lp)
    tracer = tp.get_tracer("scenario")
    root_span = lambda: tracer.start_as_current_span("scenario")  # noqa: E731
    flush += [tp.force_flush, lp.force_flush, tp.shutdown, lp.shutdown]

elif flavor == "openinference":
    from openinference.instrumentation.openai import OpenAIInstrumentor

    tp, lp = sdk_providers()
    OpenAIInstrumentor().instrument(tracer_provider=tp)
    tracer = tp.get_tracer("scenario")
    root_span = lambda: tracer.start_as_current_span("scenario")  # noqa: E731
    flush += [tp.force_flush, tp.shutdown, lp.shutdown]

elif flavor == "openlit":
    # OpenLIT picks the OTLP exporter flavour from OTEL_EXPORTER_OTLP_PROTOCOL at import time.
    if protocol == "grpc":
        os.environ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc"
    # Prices from a local file (OpenLIT's pricing.json format, USD per 1K tokens): the default
    # downloads them from GitHub. The embedding model is left out on purpose: OpenLIT then
    # reports a cost of 0, as it does for every model when the download fails.
    pricing = {
        "chat": {"gpt-4o-mini": {"promptPrice": 0.00015, "completionPrice": 0.0006}},
        "embeddings": {},
    }
    pricing_file = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(pricing, pricing_file)
    pricing_file.close()
    import openlit

    openlit.init(
        otlp_endpoint=endpoint,
        application_name=SERVICE,
        environment="test",
        pricing_json=pricing_file.name,
        collect_gpu_stats=False,
        disable_metrics=True,
    )
    os.unlink(pricing_file.name)  # read by init
    from opentelemetry import _logs, trace

    tracer = trace.get_tracer("scenario")
    root_span = lambda: tracer.start_as_current_span("scenario")  # noqa: E731

    def _flush_openlit():
        trace.get_tracer_provider().force_flush()
        lp = _logs.get_logger_provider()
        if hasattr(lp, "force_flush"):
            lp.force_flush()

    flush.append(_flush_openlit)

elif flavor == "traceloop":
    os.environ["TRACELOOP_METRICS_ENABLED"] = "false"
    from traceloop.sdk import Traceloop
    from traceloop.sdk.decorators import workflow

    # A URL without http(s) is gRPC to Traceloop; grpc:// makes it explicit (and insecure).
    api_endpoint = endpoint.replace("http://", "grpc://") if protocol == "grpc" else endpoint
    Traceloop.init(app_name=SERVICE, api_endpoint=api_endpoint, disable_batch=True, telemetry_enabled=False)
    from opentelemetry import trace

    root_span = None  # the scenario runs inside a @workflow-decorated function instead
    flush.append(lambda: trace.get_tracer_provider().force_flush())

elif flavor == "logfire":
    import logfire
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    logfire.configure(
        send_to_logfire=False,
        service_name=SERVICE,
        console=False,
        additional_span_processors=[BatchSpanProcessor(span_exporter())],
    )
    root_span = lambda: logfire.span("scenario")  # noqa: E731
    flush.append(logfire.force_flush)

else:
    raise SystemExit(f"unknown flavor {flavor}")

import openai  # noqa: E402

client = openai.OpenAI(
    base_url=base_url,
    api_key="sk-fake-key-for-tests",
    max_retries=0,
    timeout=20,
    default_headers={"x-test-run": SERVICE},
)
if flavor == "logfire":
    logfire.instrument_openai(client)

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


def scenario():
    answers = {}
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "You are a terse assistant."},
            {"role": "user", "content": "What is the capital of France?"},
        ],
        temperature=0.2,
        max_tokens=50,
    )
    answers["chat"] = r.choices[0].message.content

    stream = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Count to three, please."}],
        stream=True,
        stream_options={"include_usage": True},
    )
    text = ""
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            text += chunk.choices[0].delta.content
    answers["stream"] = text

    messages = [{"role": "user", "content": "What is the weather in Paris?"}]
    r = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=[WEATHER_TOOL])
    call = r.choices[0].message.tool_calls[0]
    answers["tool_call"] = {"id": call.id, "name": call.function.name, "arguments": call.function.arguments}
    messages.append(r.choices[0].message.model_dump(exclude_none=True))
    messages.append({"role": "tool", "tool_call_id": call.id, "content": "22 C and sunny"})
    r = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=[WEATHER_TOOL])
    answers["tool_result"] = r.choices[0].message.content

    e = client.embeddings.create(model="text-embedding-3-small", input="hello embeddings world")
    answers["embedding_dims"] = len(e.data[0].embedding)
    return answers


def current_trace_id():
    from opentelemetry import trace

    ctx = trace.get_current_span().get_span_context()
    return format(ctx.trace_id, "032x")


if flavor == "traceloop":

    @workflow(name="scenario")
    def run():
        return current_trace_id(), scenario()

    trace_id, answers = run()
else:
    with root_span():
        trace_id = current_trace_id()
        answers = scenario()

for f in flush:
    f()
print(json.dumps({"trace_id": trace_id, "service": SERVICE, "answers": answers}))
sys.stdout.flush()
