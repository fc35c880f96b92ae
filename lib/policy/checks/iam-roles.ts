/** IAM roles: their trust policies and the managed policies attached to them (AdministratorAccess, IAMFullAccess). */
import { resourceCheck } from "../define-check";
import { actionMatches } from "../iam-actions";
import { allows, awsPrincipals, hasWildcardPrincipal, IamDocument, IamStatement, policyDocument } from "../iam-document";
import { TfResource } from "../terraform-config";
import { stringList } from "../json-values";
import type { PolicyCheck } from "../types";

const ATTACHMENTS = ["aws_iam_policy_attachment", "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment"];
const ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";
const list = (xs: string[]) => xs.join(", ");

/** The trust policy of a role: literal JSON, or the data source it references (rendered). */
function trustPolicy(r: TfResource): IamDocument | undefined {
  return policyDocument(r.body.assume_role_policy);
}
const CONFUSED_DEPUTY_KEYS = ["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"];

function isServiceTrust(s: IamStatement): boolean {
  return allows(s) && s.principals.some((p) => p.type === "Service") && (s.actions ?? []).some((a) => actionMatches(a, "sts:AssumeRole"));
}

/** Checks of IAM roles' trust policies and managed-policy attachments. */
export const IAM_ROLE_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_60",
    source: "checkov",
    title: "IAM role can only be assumed by specific services or principals",
    severity: "error",
    resourceTypes: ["aws_iam_role"],
    fix: "Name the principals of the trust policy (never AWS *).",
    deviation: 'A bare "*" principal is detected too.',
    test: (r) => {
      const bad = trustPolicy(r)?.statements.find((s) => allows(s) && hasWildcardPrincipal(s));
      return bad ? "the trust policy allows principal *" : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_61",
    source: "checkov",
    title: "IAM role is not assumable by whole accounts",
    severity: "warning",
    resourceTypes: ["aws_iam_role"],
    fix: "Trust specific roles (arn:aws:iam::<account>:role/<name>) rather than an account root.",
    test: (r) => {
      const bad = trustPolicy(r)?.statements.find((s) => allows(s) && awsPrincipals(s).some((p) => /^(\d{12}|arn:aws:iam::\d{12}:root)/.test(p)));
      return bad ? `the trust policy allows account principal(s) ${list(awsPrincipals(bad))}` : undefined;
    },
  }),
  resourceCheck({
    id: "SJ_AWS_IAM_TRUST_SOURCE_CONDITION",
    source: "project",
    title: "Service trust policies restrict the source account (confused deputy)",
    severity: "warning",
    resourceTypes: ["aws_iam_role"],
    fix: "Add a condition on aws:SourceAccount or aws:SourceArn to every statement that lets a service assume the role.",
    test: (r) => {
      const bad = trustPolicy(r)?.statements.find(
        (s) => isServiceTrust(s) && !s.conditions.some((c) => CONFUSED_DEPUTY_KEYS.includes(c.variable.toLowerCase())),
      );
      return bad ? `service principal ${list(bad.principals.flatMap((p) => p.ids))} may assume the role for any account` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_274",
    source: "checkov",
    title: "No role, user or group has the AdministratorAccess policy",
    severity: "error",
    resourceTypes: ["aws_iam_role", ...ATTACHMENTS],
    fix: "Attach a least-privilege policy instead of AdministratorAccess.",
    test: (r) => {
      const arns = r.type === "aws_iam_role" ? stringList(r.body.managed_policy_arns) : stringList(r.body.policy_arn);
      return arns.includes(ADMIN_ARN) ? "AdministratorAccess is attached" : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_275",
    source: "checkov",
    title: "The AdministratorAccess policy is not looked up for use",
    severity: "error",
    resourceTypes: ["data.aws_iam_policy"],
    fix: "Do not reference AdministratorAccess.",
    test: (r) => (r.body.name === "AdministratorAccess" || r.body.arn === ADMIN_ARN ? "looks up AdministratorAccess" : undefined),
  }),
  resourceCheck({
    id: "CKV2_AWS_56",
    source: "checkov",
    title: "The AWS-managed IAMFullAccess policy is not used",
    severity: "error",
    resourceTypes: ["aws_iam_role", ...ATTACHMENTS, "data.aws_iam_policy"],
    fix: "Attach a least-privilege policy instead of IAMFullAccess.",
    test: (r) => {
      if (r.kind === "data")
        return r.body.name === "IAMFullAccess" || String(r.body.arn ?? "").includes("IAMFullAccess") ? "looks up IAMFullAccess" : undefined;
      const arns = r.type === "aws_iam_role" ? stringList(r.body.managed_policy_arns) : stringList(r.body.policy_arn);
      return arns.some((a) => a.includes("IAMFullAccess")) ? "IAMFullAccess is attached" : undefined;
    },
  }),
];
