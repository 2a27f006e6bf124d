#!/usr/bin/env python3
"""Counts the CloudFormation resources of the root template and of every nested stack it references,
after the SAM transform (run offline with samtranslator, the library `sam validate` uses), and fails when
a stack has more than the limit: CloudFormation refuses a stack of more than 500 resources, and a margin
leaves room to grow.

    .cache/sam-venv/bin/python infra/scripts/count_resources.py [template.yaml] [--limit 450]

Needs samtranslator (aws-sam-translator), installed with the SAM CLI in .cache/sam-venv
(infra/requirements-sam.txt). Nested stacks are the `AWS::Serverless::Application` and
`AWS::CloudFormation::Stack` resources whose location is a local file (resolved relative to the
template that names it, as `sam build` does). Prints one line per stack; exit 1 over the limit, 2 if a
template does not transform."""

import argparse
import logging
import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-3")

import yaml  # noqa: E402

try:
    from samtranslator.translator.transform import transform  # noqa: E402
except ImportError:  # pragma: no cover
    sys.exit("count_resources: samtranslator is missing: run it with .cache/sam-venv/bin/python "
             "(PYTHON_TOOLS_REQUIREMENTS=infra/requirements-sam.txt PYTHON_TOOLS_VENV=.cache/sam-venv infra/scripts/python-tools.sh)")


# samtranslator warns about its own unpublished usage metrics at exit; nothing to do with the templates.
logging.getLogger("samtranslator.metrics").setLevel(logging.ERROR)


class _Loader(yaml.SafeLoader):
    """Reads the short-form intrinsics too (`!Ref x` → {"Ref": "x"}), in case a template uses them."""


def _intrinsic(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_Loader.add_multi_constructor("!", _intrinsic)


class _NoManagedPolicies:
    """The templates attach inline policies only; a managed policy name would need AWS to resolve."""

    def load(self):
        return {}


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)


def nested_locations(template: dict) -> list[tuple[str, str]]:
    out = []
    for logical_id, resource in (template.get("Resources") or {}).items():
        kind = resource.get("Type")
        props = resource.get("Properties") or {}
        location = props.get("Location") if kind == "AWS::Serverless::Application" else (
            props.get("TemplateURL") if kind == "AWS::CloudFormation::Stack" else None)
        if isinstance(location, str) and not location.startswith(("s3://", "https://", "http://")):
            out.append((logical_id, location))
    return out


def transformed_count(template: dict) -> Counter:
    if "Transform" in template:
        # Local paths (code, nested templates) are S3 locations once `sam package`/`sam deploy` uploads
        # them; the count does not depend on where.
        for resource in (template.get("Resources") or {}).values():
            props = resource.get("Properties") or {}
            if resource.get("Type") == "AWS::Serverless::Application" and isinstance(props.get("Location"), str):
                props["Location"] = "https://example.s3.amazonaws.com/nested.yaml"
            if resource.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri", "."), str):
                props["CodeUri"] = "s3://example/code.zip"
        template = transform(template, {}, _NoManagedPolicies())
    return Counter(r["Type"] for r in template["Resources"].values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("template", nargs="?", default="template.yaml")
    parser.add_argument("--limit", type=int, default=450)
    parser.add_argument("--types", action="store_true", help="also print the count per resource type")
    args = parser.parse_args()

    root = Path(args.template)
    queue = [("root", root)]
    seen = set()
    worst = 0
    failed = False
    total = 0
    while queue:
        name, path = queue.pop(0)
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        template = load(path)
        for logical_id, location in nested_locations(template):
            queue.append((logical_id, path.parent / location))
        try:
            counts = transformed_count(template)
        except Exception as err:  # samtranslator raises several exception types
            print(f"{path}: the SAM transform failed: {str(err)[:2000]}", file=sys.stderr)
            return 2
        n = sum(counts.values())
        total += n
        worst = max(worst, n)
        status = "OK" if n <= args.limit else f"OVER {args.limit}"
        failed |= n > args.limit
        print(f"{n:5d}  {name:<24} {path}  {status}")
        if args.types:
            for kind, count in counts.most_common():
                print(f"         {count:5d} {kind}")
    print(f"{total:5d}  total over {len(seen)} stack(s); largest {worst}; limit {args.limit} per stack "
          "(CloudFormation's hard limit: 500)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
