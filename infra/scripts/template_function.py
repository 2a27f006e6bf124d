#!/usr/bin/env python3
"""Prints the template.yaml block of one function (least-privilege policy, log group, and for
WebSocket routes the integration, route and permission), to paste or append under Resources.

    python3 infra/scripts/template_function.py http messages-send POST /api/v1/conversations/{id}/messages \
        --ddb rw --s3 rw --sqs --push --memory 512

`tests/tests/registry.rs` proves template.yaml and the registry agree; this only saves typing."""

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
        out += ["                Resource:", "                  - Fn::GetAtt: [Table, Arn]",
                "                  - Fn::Sub: '${Table.Arn}/index/*'"]
    if args.s3:
        actions = ["s3:GetObject"] + (["s3:PutObject", "s3:DeleteObject"] if args.s3 == "rw" else [])
        out += ["              - Effect: Allow", "                Action:"]
        out += [f"                  - {a}" for a in actions]
        out += ["                Resource:", "                  - Fn::Sub: '${MediaBucket.Arn}/*'"]
    if args.search:
        out += ["              - Effect: Allow", "                Action:",
                "                  - es:ESHttpGet", "                  - es:ESHttpPost",
                "                Resource:", "                  - Fn::Sub: '${SearchDomain.Arn}/*'"]
    if args.sqs:
        out += ["              - Effect: Allow", "                Action:", "                  - sqs:SendMessage",
                "                Resource:", "                  - Fn::GetAtt: [JobsQueue, Arn]"]
    if args.push:
        out += ["              - Effect: Allow", "                Action:",
                "                  - execute-api:ManageConnections", "                Resource:",
                "                  - Fn::Sub: 'arn:${AWS::Partition}:execute-api:${AWS::Region}:"
                "${AWS::AccountId}:${WebSocketApi}/${Stage}/POST/@connections/*'"]
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
        "    Properties:", "      CodeUri: .", f"      MemorySize: {args.memory}", f"      Timeout: {args.timeout}",
        "      LoggingConfig:", "        LogFormat: JSON", "        LogGroup:", f"          Ref: {res}Logs",
    ]
    statements = policy(args)
    if statements:
        lines += ["      Policies:", "        - Statement:"] + statements
    if args.kind == "http":
        lines += ["      Events:", "        Api:", "          Type: HttpApi", "          Properties:",
                  "            ApiId:", "              Ref: HttpApi", f"            Method: {args.method_or_route}",
                  f"            Path: {args.path}"]
    lines += ["", f"  {res}Logs:", "    Type: AWS::Logs::LogGroup", "    Properties:", "      RetentionInDays:",
              "        Ref: LogRetentionDays"]
    if args.kind == "ws":
        base = pascal(args.name)
        lines += [
            "", f"  {base}Integration:", "    Type: AWS::ApiGatewayV2::Integration", "    Properties:",
            "      ApiId:", "        Ref: WebSocketApi", "      IntegrationType: AWS_PROXY", "      IntegrationUri:",
            "        Fn::Sub: 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
            f"${{{res}.Arn}}/invocations'",
            "", f"  {base}Route:", "    Type: AWS::ApiGatewayV2::Route", "    Properties:", "      ApiId:",
            "        Ref: WebSocketApi", f"      RouteKey: {args.method_or_route}", "      Target:",
            f"        Fn::Sub: 'integrations/${{{base}Integration}}'",
            "", f"  {base}Permission:", "    Type: AWS::Lambda::Permission", "    Properties:",
            "      Action: lambda:InvokeFunction", "      FunctionName:", f"        Ref: {res}",
            "      Principal: apigateway.amazonaws.com", "      SourceArn:",
            "        Fn::Sub: 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebSocketApi}/*'",
        ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
