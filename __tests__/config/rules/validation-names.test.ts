/**
 * Issue 14: the name checks are derived from the names the stacks really build, and two
 * installations that differ only in namePrefix (and the state bucket) never collide.
 */
import { derivedNames, NAME_RULES } from "../../../lib/config/rules/aws-names";
import { configWith, project, resources, synthJson, SynthJson } from "../../support/project";

/** Arguments that name something in AWS. */
const NAME_ARGS = /^(name|name_prefix|bucket|bucket_prefix|family|alarm_name|creation_token|target_bucket)$/;

/** Every literal name-like argument of every resource: `<type>.<arg>` -> values. */
function namesOf(json: SynthJson): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  // Instances as Terraform creates them (for_each/count expanded), so per-label names count too.
  for (const type of Object.keys(json.resource))
    for (const [, body] of resources(json, type)) {
      for (const [k, v] of Object.entries(body)) if (NAME_ARGS.test(k) && typeof v === "string" && !v.includes("${")) out.push([`${type}.${k}`, v]);
      if (type === "aws_alb" && body.access_logs?.bucket) out.push(["aws_alb.access_logs.bucket", body.access_logs.bucket]);
    }
  return out;
}

/** Per-resource names that are not AWS names (inline policy names are scoped to their role). */
const NOT_ACCOUNT_NAMES = new Set(["aws_iam_role_policy.name"]);

const variants = {
  example: configWith(),
  everything: configWith({
    controller: { adminPassword: { create: true } },
    state: { accessLogBucket: "example-org-access-logs" },
    loadBalancer: { accessLogsBucket: "example-org-alb-logs", dns: { hostname: "ci.example.com", zoneId: "Z0123456789ABCDEFGHIJ" } },
    storage: { throughputMode: "bursting" },
    agents: {
      templates: [
        { label: "deploy", taskPolicy: { Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::example-org-artifacts" }] } },
        { label: "node", build: { packages: ["nodejs"] } },
      ],
    },
    backup: { additionalRules: [{ name: "monthly", schedule: "cron(0 3 1 * ? *)", deleteAfterDays: 365 }] },
  }),
};

function synthBoth(c: ReturnType<typeof configWith>): Array<[string, string]> {
  const p = project(c);
  return [...namesOf(synthJson(p.state)), ...namesOf(synthJson(p.jenkins))];
}

describe.each(Object.entries(variants))("%s: every synthesized name is in derivedNames() and has a rule", (_n, config) => {
  test("coverage", () => {
    const synthesized = synthBoth(config).filter(([r]) => !NOT_ACCOUNT_NAMES.has(r));
    const derived = derivedNames(config)
      .filter((d) => d.created)
      .map((d) => `${d.resource}=${d.value}`);
    for (const [resource, value] of synthesized) {
      expect({ resource, value, rule: resource in NAME_RULES }).toEqual({ resource, value, rule: true });
      expect({ resource, value, derived: derived.includes(`${resource}=${value}`) }).toEqual({ resource, value, derived: true });
    }
    // And the other way round: no derived name the stacks do not build.
    const built = synthesized.map(([r, v]) => `${r}=${v}`);
    for (const d of derived) expect({ d, built: built.includes(d) }).toEqual({ d, built: true });
  });
});

test("two installations differing only in namePrefix and state bucket share no account/region/VPC-unique name", () => {
  const a = configWith({ namePrefix: "ci-a", state: { bucketName: "example-org-ci-a-tfstate", lockTableName: undefined } });
  const b = configWith({ namePrefix: "ci-b", state: { bucketName: "example-org-ci-b-tfstate", lockTableName: undefined } });
  const namesA = synthBoth(a);
  const namesB = new Set(synthBoth(b).map(([r, v]) => `${r}=${v}`));
  expect(namesA.length).toBeGreaterThan(40);
  // Only names scoped to something the installation owns may repeat: the Cloud Map service
  // inside its own namespace, and inline policy names inside their own role.
  const scoped = (n: string) => n === "aws_service_discovery_service.name=jenkins" || n.startsWith("aws_iam_role_policy.name=");
  const clashes = namesA.map(([r, v]) => `${r}=${v}`).filter((n) => namesB.has(n) && !scoped(n));
  expect(clashes).toEqual([]);
  // Every name derivedNames() calls unique is built by both and differs.
  const uniqueA = derivedNames(a).filter((d) => d.unique && d.created);
  expect(uniqueA.length).toBeGreaterThan(30);
  for (const d of uniqueA) expect(namesB.has(`${d.resource}=${d.value}`)).toBe(false);
  // The defaults that used to be fixed now follow the prefix.
  expect(namesA).toEqual(
    expect.arrayContaining([
      ["aws_dynamodb_table.name", "ci-a-terraform-state-locks"],
      ["aws_service_discovery_private_dns_namespace.name", "ci-a.internal"],
    ]),
  );
  expect(a.controller.adminPassword.parameterName).toBe("ci-a-pwd");
});
