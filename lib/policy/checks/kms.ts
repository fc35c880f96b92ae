/** KMS keys: rotation, an explicit key policy without wildcard principals, enabled. */
import { resourceCheck, show } from "../define-check";
import { allows, hasWildcardPrincipal, policyDocument } from "../iam-document";
import { isFalse, isTrue } from "../json-values";
import type { PolicyCheck } from "../types";

const KEY = "aws_kms_key";

export const KMS_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_7",
    source: "checkov",
    title: "KMS key (symmetric) has rotation enabled",
    severity: "error",
    resourceTypes: [KEY],
    fix: "Set enable_key_rotation = true (EncryptionKey rotates yearly).",
    test: (r) => {
      const spec = r.body.customer_master_key_spec;
      if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") return undefined;
      return isTrue(r.body.enable_key_rotation) ? undefined : `enable_key_rotation is ${show(r.body.enable_key_rotation)}`;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_33",
    source: "checkov",
    title: "KMS key policy has no wildcard principal without a condition",
    severity: "error",
    resourceTypes: [KEY],
    fix: "Name the principals of every Allow statement of the key policy (or add a condition).",
    test: (r) => {
      const doc = policyDocument(r.body.policy);
      const bad = doc?.statements.find((s) => allows(s) && s.conditions.length === 0 && hasWildcardPrincipal(s));
      return bad ? `statement ${bad.sid ?? "(no sid)"} allows principal * without a condition` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_227",
    source: "checkov",
    title: "KMS key is enabled",
    severity: "warning",
    resourceTypes: [KEY],
    fix: "Remove is_enabled = false (or delete the key).",
    test: (r) => (isFalse(r.body.is_enabled) ? "is_enabled is false" : undefined),
  }),
  resourceCheck({
    id: "CKV2_AWS_64",
    source: "checkov",
    title: "KMS key has an explicit key policy",
    severity: "error",
    resourceTypes: [KEY],
    fix: "Set policy on the key (or add an aws_kms_key_policy); EncryptionKey writes one.",
    test: (r, tf) =>
      (r.body.policy !== undefined && r.body.policy !== null) || tf.connected(r, "aws_kms_key_policy").length
        ? undefined
        : "no key policy: the default policy applies",
  }),
];
