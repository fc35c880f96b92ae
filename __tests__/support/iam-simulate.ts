/**
 * IAM decisions with a policy simulator (@cloud-copilot/iam-simulate), for the tests of the
 * controller's access to secrets (__tests__/constructs/auth/team-access.test.ts, the stack;
 * __tests__/module/module-team.test.ts, the registry module). The principal is a role of
 * account 123456789012.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";

const ACCOUNT = "123456789012";

/** An identity policy. */
export type IamPolicy = { Version: string; Statement: Record<string, unknown>[] };

/**
 * The simulator (0.1.173) resolves a condition key's variable part only after a `/`, so it
 * cannot evaluate `kms:EncryptionContext:SecretARN` or a ResourceTag key that contains a colon
 * (`secretsmanager:ResourceTag/jenkins:instance`); and it knows no Secrets Manager ResourceTag
 * key at all (`secretsmanager:ResourceTag/team`: "Condition key ... not found", as the service
 * reference spells it `secretsmanager:ResourceTag/tag-key`). Those keys are evaluated here first, with
 * the IAM semantics of the two operators the policies use: a statement whose such condition
 * fails cannot apply to the request and is left out; one whose condition holds keeps the rest
 * of its conditions for the simulator. Everything else is the simulator's decision.
 */
const UNPARSED_KEY = /^kms:EncryptionContext:|^[a-z0-9-]+:ResourceTag\/.*:|^secretsmanager:ResourceTag\//i;
const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
export function preEvaluate(policy: IamPolicy, context: Record<string, string | string[]>): IamPolicy {
  const Statement = policy.Statement.flatMap((st) => {
    const cond = st.Condition as Record<string, Record<string, string | string[]>> | undefined;
    if (!cond) return [st];
    const rest: Record<string, Record<string, string | string[]>> = {};
    for (const [op, keys] of Object.entries(cond)) {
      for (const [key, raw] of Object.entries(keys)) {
        const values = ([] as string[]).concat(raw);
        if (!UNPARSED_KEY.test(key)) {
          (rest[op] ??= {})[key] = raw;
          continue;
        }
        const given = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
        if (given === undefined) return []; // a missing key fails StringEquals/StringLike
        const actual = ([] as string[]).concat(given);
        if (op !== "StringEquals" && op !== "StringLike") throw new Error(`pre-evaluation does not handle ${op}`);
        const ok = actual.some((a) => values.some((v) => (op === "StringEquals" ? a === v : glob(v).test(a))));
        if (!ok) return [];
      }
    }
    return [{ ...st, ...(Object.keys(rest).length ? { Condition: rest } : { Condition: undefined }) }];
  });
  return { ...policy, Statement: Statement.map((st) => JSON.parse(JSON.stringify(st))) };
}

/** Allowed, ImplicitlyDenied or ExplicitlyDenied for one request by a principal with these identity policies. */
export async function decide(policies: IamPolicy[], action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> {
  const simulated = Object.fromEntries(Object.entries(context).filter(([k]) => !UNPARSED_KEY.test(k)));
  const r = await runSimulation(
    {
      request: { principal: `arn:aws:iam::${ACCOUNT}:role/controller`, action, resource: { resource, accountId: ACCOUNT }, contextVariables: simulated },
      identityPolicies: policies.map((policy, i) => ({ name: `p${i}`, policy: preEvaluate(policy, context) })).filter((p) => p.policy.Statement.length > 0),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // A KMS key needs its key policy's consent: the default key policy, which leaves the
      // decision to IAM (as the data key of the stack does). So the identity policies decide.
      ...(action.startsWith("kms:")
        ? {
            resourcePolicy: {
              Version: "2012-10-17",
              Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
            },
          }
        : {}),
    },
    {},
  );
  if (r.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(r.errors)}`);
  return r.overallResult;
}
