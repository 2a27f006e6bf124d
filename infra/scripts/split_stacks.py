#!/usr/bin/env python3
"""One-shot migration (issue 8): moves the functions of a single-stack template.yaml into nested stacks,
one per domain, so that no stack nears CloudFormation's 500-resource limit (see
docs/adr/0009-nested-stacks.md).

    git show 4aeb44b:template.yaml > /tmp/single.yaml
    python3 infra/scripts/split_stacks.py /tmp/single.yaml --out infra/stacks --rest /tmp/rest.yaml

It was run once; since then `infra/stacks/*.yaml` are the source, edited by hand (or with
`template_function.py`). It is kept so that the split can be reviewed and redone. It works on the text, so
every block keeps its comments and layout; per function it only
- rewrites the references to shared resources into the nested stack's parameters (`Fn::GetAtt: [Table,
  Arn]` → `Ref: TableArn`, `${WebSocketApi}` → `${WebSocketApiId}`, ...), and `CodeUri: .` into the path
  of the repository root seen from infra/stacks (`../..`: SAM resolves it from the nested template);
- replaces the SAM `HttpApi` event (which cannot attach to an API of another stack) by an explicit
  `AWS::ApiGatewayV2::Integration` (AWS_PROXY, payload 2.0) + `Route` + `AWS::Lambda::Permission`
  scoped to the route's method and path.
`--rest` receives what stays in the root template (shared resources), to be finished by hand."""

import argparse
import re
import textwrap
from pathlib import Path

import yaml

DOMAINS = {
    "platform": "health, build info, the OpenAPI document, client error reports, the jobs worker and the "
                "heartbeat",
    "accounts": "auth, users, the social graph and profile images",
    "social": "posts, photos, comments, likes, shares, reports, feeds, trending and moderation",
    "realtime": "the WebSocket routes, conversations and messages, notifications and browser push",
    "city": "events, news, weather, public transport and road traffic (routes and scrapers)",
}

PLATFORM = {"health", "build-info", "openapi", "heartbeat-history", "client-errors", "jobs-worker", "heartbeat"}
SOCIAL = {"users-posts", "hashtags-posts", "users-suggestions"}
CITY = {"admin-sources", "users-me-events", "users-me-calendar-feed", "calendar-feed"}


def domain_of(binary: str) -> str:
    first = binary.split("-")[0]
    if binary in PLATFORM:
        return "platform"
    if binary in SOCIAL or first in {"posts", "comments", "feeds", "trending", "moderation", "hashtags"}:
        return "social"
    if binary in CITY or first in {"events", "news", "traffic", "transit", "weather"}:
        return "city"
    if first in {"ws", "conversations", "messages", "notifications", "push"}:
        return "realtime"
    if first in {"auth", "users", "neighbourhoods"}:
        return "accounts"
    raise SystemExit(f"no domain for {binary}")


# Shared resource reference → nested stack parameter reference (text, in this order).
REWRITES = [
    ("Fn::GetAtt: [Table, Arn]", "Ref: TableArn"),
    ("${Table.Arn}", "${TableArn}"),
    ("Fn::GetAtt: [MediaBucket, Arn]", "Ref: MediaBucketArn"),
    ("${MediaBucket.Arn}", "${MediaBucketArn}"),
    ("${SearchDomain.Arn}", "${SearchDomainArn}"),
    ("Fn::GetAtt: [JobsQueue, Arn]", "Ref: JobsQueueArn"),
    ("Fn::GetAtt: [JobsDeadLetterQueue, Arn]", "Ref: JobsDeadLetterQueueArn"),
    ("${SourceKeysSecret}", "${SourceKeysSecretArn}"),
    ("${WebSocketApi}", "${WebSocketApiId}"),
    ("Ref: WebSocketApi\n", "Ref: WebSocketApiId\n"),
    ("      CodeUri: .\n", "      CodeUri: ../..\n"),
]

# (name, type, description); only those a stack uses are declared and passed.
PARAMETERS = [
    ("Stage", "String", "Deployment stage; also the WebSocket API stage name."),
    ("WebOrigin", "String", "The web app's origin."),
    ("MailFrom", "String", "Sender address of the platform's e-mails."),
    ("LogRetentionDays", "Number", "Retention of the functions' log groups."),
    ("TableName", "String", "The DynamoDB table."),
    ("TableArn", "String", "The DynamoDB table's ARN (its indexes are under /index/*)."),
    ("MediaBucketName", "String", "The media bucket."),
    ("MediaBucketArn", "String", "The media bucket's ARN."),
    ("JobsQueueUrl", "String", "The jobs queue."),
    ("JobsQueueArn", "String", "The jobs queue's ARN."),
    ("JobsDeadLetterQueueUrl", "String", "The jobs dead-letter queue."),
    ("JobsDeadLetterQueueArn", "String", "The jobs dead-letter queue's ARN."),
    ("SearchDomainEndpoint", "String", "The OpenSearch domain's endpoint (host name)."),
    ("SearchDomainArn", "String", "The OpenSearch domain's ARN."),
    ("HttpApiId", "String", "The HTTP API the routes attach to."),
    ("WebSocketApiId", "String", "The WebSocket API (routes, and the @connections endpoint)."),
    ("SigningSecretArn", "String", "Secret holding cursor_key."),
    ("AccessTokenSecretArn", "String", "Secret holding jwt_key."),
    ("SourceKeysSecretArn", "String", "Secret holding the city sources' keys."),
]

GLOBALS = """\
Globals:
  Function:
    Runtime: provided.al2023
    Architectures: [arm64]
    Handler: bootstrap
    MemorySize: 128
    Timeout: 10
    Tracing: Active
    LoggingConfig:
      LogFormat: JSON
    Environment:
      Variables:
        ROUEN_RUNTIME: aws
        ROUEN_TABLE:
          Ref: TableName
        ROUEN_MEDIA_BUCKET:
          Ref: MediaBucketName
        ROUEN_JOBS_QUEUE_URL:
          Ref: JobsQueueUrl
        ROUEN_JOBS_DLQ_URL:
          Ref: JobsDeadLetterQueueUrl
        ROUEN_SEARCH_URL:
          Fn::Sub: 'https://${SearchDomainEndpoint}'
        ROUEN_SEARCH_INDEX: rouen
        ROUEN_WS_CALLBACK_URL:
          Fn::Sub: 'https://${WebSocketApiId}.execute-api.${AWS::Region}.amazonaws.com/${Stage}'
        ROUEN_WS_URL:
          Fn::Sub: 'wss://${WebSocketApiId}.execute-api.${AWS::Region}.amazonaws.com/${Stage}'
        ROUEN_MAIL_FROM:
          Ref: MailFrom
        ROUEN_WEB_ORIGIN:
          Ref: WebOrigin
        # Resolved at deployment into the function's encrypted environment (see docs/deployment.md).
        ROUEN_CURSOR_KEY:
          Fn::Sub: '{{resolve:secretsmanager:${SigningSecretArn}:SecretString:cursor_key}}'
        ROUEN_JWT_KEY:
          Fn::Sub: '{{resolve:secretsmanager:${AccessTokenSecretArn}:SecretString:jwt_key}}'
        RUST_LOG: info
"""

HEADER_RE = re.compile(r"^  ([A-Za-z0-9]+):\s*$")


def split_blocks(text: str):
    """(head, [(logical_id, lines incl. leading comments)], tail) of a template's text."""
    lines = text.split("\n")
    start = lines.index("Resources:")
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"^[A-Za-z]", lines[i]))
    head, body, tail = lines[: start + 1], lines[start + 1: end], lines[end:]
    blocks, pending, current = [], [], None
    for line in body:
        m = HEADER_RE.match(line)
        if m:
            current = (m.group(1), pending + [line])
            blocks.append(current)
            pending = []
        elif line.startswith("    ") or (line.strip() == "" and current is not None and not pending):
            if current is None:
                raise SystemExit(f"unexpected line before any resource: {line!r}")
            current[1].append(line)
        else:  # a comment at resource level, or a blank line after one
            pending.append(line)
    if pending:
        tail = pending + tail
    # Trailing blank lines of a block belong to no one.
    for _, block in blocks:
        while block and block[-1].strip() == "":
            block.pop()
    return head, blocks, tail


def strip_lone_headers(lines: list[str]) -> list[str]:
    """Drops a `# ---- / # Title / # ----` triple directly followed by another header (a title left over
    from resources that moved, like `# Mail` above the accounts section)."""
    out = list(lines)
    i = 0
    while i + 3 < len(out):
        if (out[i].strip().startswith("# ---") and out[i + 2].strip().startswith("# ---")
                and out[i + 3].strip().startswith("# ===")):
            del out[i: i + 3]
            continue
        i += 1
    return out


def http_resources(function_id: str, method: str, path: str) -> list[str]:
    base = function_id.removesuffix("Function")
    arn_path = re.sub(r"\{[^}]+\}", "*", path)
    return [
        "",
        f"  {base}Integration:",
        "    Type: AWS::ApiGatewayV2::Integration",
        "    Properties:",
        "      ApiId:",
        "        Ref: HttpApiId",
        "      IntegrationType: AWS_PROXY",
        "      IntegrationUri:",
        f"        Fn::GetAtt: [{function_id}, Arn]",
        "      PayloadFormatVersion: '2.0'",
        "",
        f"  {base}Route:",
        "    Type: AWS::ApiGatewayV2::Route",
        "    Properties:",
        "      ApiId:",
        "        Ref: HttpApiId",
        f"      RouteKey: {method} {path}",
        "      Target:",
        f"        Fn::Sub: 'integrations/${{{base}Integration}}'",
        "",
        f"  {base}Permission:",
        "    Type: AWS::Lambda::Permission",
        "    Properties:",
        "      Action: lambda:InvokeFunction",
        "      FunctionName:",
        f"        Ref: {function_id}",
        "      Principal: apigateway.amazonaws.com",
        "      SourceArn:",
        "        Fn::Sub: 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
        f"${{HttpApiId}}/*/{method}{arn_path}'",
    ]


def convert_function(function_id: str, block: list[str]) -> list[str]:
    resource = yaml.safe_load("\n".join(l for l in block if not l.lstrip().startswith("#")))[function_id]
    events = resource["Properties"].get("Events") or {}
    text = "\n".join(block)
    for old, new in REWRITES:
        text = text.replace(old, new)
    lines = text.split("\n")
    http = [e for e in events.values() if e["Type"] == "HttpApi"]
    if not http:
        return lines
    if len(events) != 1:
        raise SystemExit(f"{function_id}: an HttpApi event among others is not handled")
    start = lines.index("      Events:")
    stop = next((i for i in range(start + 1, len(lines)) if re.match(r"^ {0,6}\S", lines[i])), len(lines))
    props = http[0]["Properties"]
    if props.get("ApiId") != {"Ref": "HttpApi"}:
        raise SystemExit(f"{function_id}: HttpApi event on another API")
    del lines[start:stop]
    while lines[-1].strip() == "":
        lines.pop()
    return lines + http_resources(function_id, props["Method"].upper(), props["Path"])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("template")
    p.add_argument("--out", default="infra/stacks")
    p.add_argument("--rest", required=True)
    args = p.parse_args()
    text = Path(args.template).read_text(encoding="utf-8")
    head, blocks, tail = split_blocks(text)
    data = yaml.safe_load(text)["Resources"]

    binary = {rid: r["Metadata"]["BuildProperties"]["Binary"] for rid, r in data.items()
              if r["Type"] == "AWS::Serverless::Function"}

    def owner(rid: str) -> str | None:
        if rid in binary:
            return domain_of(binary[rid])
        for suffix in ("FunctionLogs", "Integration", "Route", "Permission"):
            base = rid.removesuffix(suffix)
            if base != rid and base + "Function" in binary:
                return domain_of(binary[base + "Function"])
        return None

    per_domain: dict[str, list[str]] = {d: [] for d in DOMAINS}
    rest: list[str] = []
    for rid, block in blocks:
        domain = owner(rid)
        if domain is None:
            rest += block + [""]
            continue
        if rid in binary:
            block = convert_function(rid, block)
        else:
            block = "\n".join(block)
            for old, new in REWRITES:
                block = block.replace(old, new)
            block = block.split("\n")
        per_domain[domain] += block + [""]

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for domain, body in per_domain.items():
        body = strip_lone_headers(body)
        body_text = "\n".join(body).rstrip() + "\n"
        used = [prm for prm in PARAMETERS
                if re.search(rf"(Ref: {prm[0]}\b|\${{{prm[0]}[}}.])", GLOBALS + body_text)]
        params = ["Parameters:"]
        for name, kind, description in used:
            params += [f"  {name}:", f"    Type: {kind}", f"    Description: {description}"]
        count = sum(1 for l in body if HEADER_RE.match(l) and l.strip()[:-1] in binary)
        description = textwrap.wrap(
            f"Rouen Social, {domain} functions ({count}): {DOMAINS[domain]}. A nested stack of template.yaml "
            "(docs/adr/0009-nested-stacks.md): the root declares the shared resources and passes them as "
            "parameters; HTTP routes are declared here explicitly (Integration + Route + Permission) because "
            "SAM HttpApi events cannot attach to an API of another stack. Intrinsics in long form: "
            "tests/tests/registry.rs reads this file with a plain YAML parser.", 100)
        doc = [
            "AWSTemplateFormatVersion: '2010-09-09'",
            "Transform: AWS::Serverless-2016-10-31",
            "Description: >-",
        ] + ["  " + line for line in description] + [
            "",
        ] + params + ["", GLOBALS, "Resources:"] + body
        (out / f"{domain}.yaml").write_text("\n".join(doc).rstrip() + "\n", encoding="utf-8")
        print(f"{out / (domain + '.yaml')}: {count} functions, {len(used)} parameters")
    Path(args.rest).write_text("\n".join(head + [""] + rest + tail), encoding="utf-8")


if __name__ == "__main__":
    main()
