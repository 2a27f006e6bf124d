#!/usr/bin/env python3
"""Prints the block of one function for a nested stack of template.yaml (infra/stacks/<domain>.yaml):
least-privilege policy, log group, and the route's integration, route and permission (HTTP or
WebSocket), to paste or append under that stack's Resources. Shared resources are the stack's
parameters (TableArn, MediaBucketArn, SearchDomainArn, JobsQueueArn, HttpApiId, WebSocketApiId, Stage):
declare any the stack lacks and pass it from the root's `AWS::Serverless::Application`.

    python3 infra/scripts/template_function.py http messages-send POST /api/v1/conversations/{id}/messages \
        --ddb rw --s3 rw --sqs --push --memory 512

`tests/tests/registry.rs` proves the templates and the registry agree; this only saves typing.
`infra/scripts/count_resources.py` says whether the stack still fits (about 6 resources per HTTP
function)."""

import re

import argparse


def pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def policy(args) -> list[str]:
    out = []
    if args.ddb:
        actions = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"]
        if args.ddb == "rw":
            actions += ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                        "dynamodb:ConditionCheckItem"]
        out += ["              - Effect: Allow", "                Action:"]
        out += [f"                  - {a}" for a in actions]
        out += ["                Resource:", "                  - Ref: TableArn",
                "                  - Fn::Sub: '${TableArn}/index/*'"]
    if args.s3:
        actions = ["s3:GetObject"] + (["s3:PutObject", "s3:DeleteObject"] if args.s3 == "rw" else [])
        out += ["              - Effect: Allow", "                Action:"]
        out += [f"                  - {a}" for a in actions]
        out += ["                Resource:", "                  - Fn::Sub: '${MediaBucketArn}/*'"]
    if args.search:
        out += ["              - Effect: Allow", "                Action:",
                "                  - es:ESHttpGet", "                  - es:ESHttpPost",
                "                Resource:", "                  - Fn::Sub: '${SearchDomainArn}/*'"]
    if args.sqs:
        out += ["              - Effect: Allow", "                Action:", "                  - sqs:SendMessage",
                "                Resource:", "                  - Ref: JobsQueueArn"]
    if args.push:
        out += ["              - Effect: Allow", "                Action:",
                "                  - execute-api:ManageConnections", "                Resource:",
                "                  - Fn::Sub: 'arn:${AWS::Partition}:execute-api:${AWS::Region}:"
                "${AWS::AccountId}:${WebSocketApiId}/${Stage}/POST/@connections/*'"]
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["http", "ws"])
    p.add_argument("name")
    p.add_argument("method_or_route")
    p.add_argument("path", nargs="?")
    p.add_argument("--ddb", choices=["r", "rw"])
    p.add_argument("--s3", choices=["r", "rw"])
    p.add_argument("--search", action="store_true")
    p.add_argument("--sqs", action="store_true")
    p.add_argument("--push", action="store_true")
    p.add_argument("--memory", type=int, default=256)
    p.add_argument("--timeout", type=int, default=10)
    args = p.parse_args()
    res = pascal(args.name) + "Function"
    lines = [
        "", "  # " + "-" * 99, f"  # {args.name}", "  # " + "-" * 99,
        f"  {res}:", "    Type: AWS::Serverless::Function", "    Metadata:",
        "      BuildMethod: rust-cargolambda", "      BuildProperties:", f"        Binary: {args.name}",
        "    Properties:", "      CodeUri: ../..", f"      MemorySize: {args.memory}", f"      Timeout: {args.timeout}",
        "      LoggingConfig:", "        LogFormat: JSON", "        LogGroup:", f"          Ref: {res}Logs",
    ]
    statements = policy(args)
    if statements:
        lines += ["      Policies:", "        - Statement:"] + statements
    lines += ["", f"  {res}Logs:", "    Type: AWS::Logs::LogGroup", "    Properties:", "      RetentionInDays:",
              "        Ref: LogRetentionDays"]
    # SAM HttpApi events cannot attach to the root's API: every route is explicit.
    base = pascal(args.name)
    if args.kind == "http":
        api, route_key = "HttpApiId", f"{args.method_or_route} {args.path}"
        uri = [f"        Fn::GetAtt: [{res}, Arn]", "      PayloadFormatVersion: '2.0'"]
        arn_path = f"*/{args.method_or_route}" + re.sub(r"\{[^}]+\}", "*", args.path)
    else:
        api, route_key = "WebSocketApiId", args.method_or_route
        uri = ["        Fn::Sub: 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
               f"${{{res}.Arn}}/invocations'"]
        arn_path = "*"
    lines += [
        "", f"  {base}Integration:", "    Type: AWS::ApiGatewayV2::Integration", "    Properties:",
        "      ApiId:", f"        Ref: {api}", "      IntegrationType: AWS_PROXY", "      IntegrationUri:",
    ] + uri + [
        "", f"  {base}Route:", "    Type: AWS::ApiGatewayV2::Route", "    Properties:", "      ApiId:",
        f"        Ref: {api}", f"      RouteKey: '{route_key}'", "      Target:",
        f"        Fn::Sub: 'integrations/${{{base}Integration}}'",
        "", f"  {base}Permission:", "    Type: AWS::Lambda::Permission", "    Properties:",
        "      Action: lambda:InvokeFunction", "      FunctionName:", f"        Ref: {res}",
        "      Principal: apigateway.amazonaws.com", "      SourceArn:",
        "        Fn::Sub: 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
        f"${{{api}}}/{arn_path}'",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
