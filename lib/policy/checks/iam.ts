/**
 * IAM policies: policy documents (data sources) and inline/managed policies, literal JSON or
 * rendered from the document they reference. Roles (trust policies, managed-policy
 * attachments) are in iam-roles.ts.
 */
import { resourceCheck, show } from "../define-check";
import {
  actionsOfLevelOnWildcard,
  credentialsExposureActions,
  dataExfiltrationActions,
  grants,
  privilegeEscalationMethods,
  restrictableActionsOnWildcard,
} from "../iam-analysis";
import { allows, documentFromData, hasWildcardPrincipal, IamDocument, policyDocument } from "../iam-document";
import { TfResource } from "../terraform-config";
import type { PolicyCheck, Severity } from "../types";

const DOC = "data.aws_iam_policy_document";
/** Resources whose `policy` is an identity policy. */
const POLICY_RESOURCES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"];

/** The document of a data source (only when it has statements, as checkov requires). */
function dataDoc(r: TfResource): IamDocument | undefined {
  const doc = documentFromData(r);
  return doc.statements.length ? doc : undefined;
}

/**
 * The document of a policy resource: literal JSON, or the data source it references rendered
 * into `policy` (as checkov's graph does), so a finding of the data-source twin also appears on
 * every aws_iam_role_policy / aws_iam_policy that uses the document.
 */
function resourceDoc(r: TfResource): IamDocument | undefined {
  return policyDocument(r.body.policy);
}

/** A check with a data-source variant and a policy-resource variant sharing one analysis. */
function twin(
  ids: { data: string; resource: string },
  props: { title: string; severity: Severity; fix: string },
  analyse: (doc: IamDocument) => string | undefined,
): PolicyCheck[] {
  return [
    resourceCheck({
      id: ids.data,
      source: "checkov",
      ...props,
      resourceTypes: [DOC],
      test: (r) => {
        const doc = dataDoc(r);
        return doc && analyse(doc);
      },
    }),
    resourceCheck({
      id: ids.resource,
      source: "checkov",
      ...props,
      resourceTypes: POLICY_RESOURCES,
      test: (r) => {
        const doc = resourceDoc(r);
        return doc && analyse(doc);
      },
    }),
  ];
}

const list = (xs: string[]) => xs.join(", ");
const hasStar = (xs: string[] | undefined) => (xs ?? []).includes("*");

/** Checks of IAM policy documents and the policies that carry them. */
export const IAM_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_1",
    source: "checkov",
    title: 'IAM policy document grants no full "*:*" administrative privileges',
    severity: "error",
    resourceTypes: [DOC],
    fix: "Name the actions and resources the principal needs.",
    test: (r) => {
      const bad = documentFromData(r).statements.find((s) => allows(s) && hasStar(s.actions) && hasStar(s.resources));
      return bad ? `statement ${bad.sid ?? "(no sid)"} allows * on *` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_49",
    source: "checkov",
    title: 'IAM policy document allows no "*" action',
    severity: "error",
    resourceTypes: [DOC],
    fix: "Name the actions.",
    test: (r) => {
      const bad = documentFromData(r).statements.find((s) => allows(s) && hasStar(s.actions));
      return bad ? `statement ${bad.sid ?? "(no sid)"} allows action *` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_283",
    source: "checkov",
    title: "IAM policy document grants nothing to any AWS principal without a condition",
    severity: "error",
    resourceTypes: [DOC],
    fix: "Name the AWS principals, or add a condition that restricts principal *.",
    test: (r) => {
      const bad = documentFromData(r).statements.find((s) => allows(s) && s.conditions.length === 0 && hasWildcardPrincipal(s, ["AWS"]));
      return bad ? `statement ${bad.sid ?? "(no sid)"} grants to AWS principal * without a condition` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV2_AWS_40",
    source: "checkov",
    title: "IAM policy grants no full IAM privileges (iam:* or *)",
    severity: "error",
    resourceTypes: [DOC, ...POLICY_RESOURCES],
    fix: "Name the IAM actions needed instead of iam:* or *.",
    test: (r) => {
      const doc = r.kind === "data" ? documentFromData(r) : resourceDoc(r);
      const bad = doc?.statements.find((s) => s.effectExplicit && s.effect === "Allow" && (s.actions ?? []).some((a) => a === "iam:*" || a === "*"));
      return bad ? `statement ${bad.sid ?? "(no sid)"} allows ${show(bad.actions)}` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_62",
    source: "checkov",
    title: 'IAM policy grants no full "*:*" administrative privileges',
    severity: "error",
    resourceTypes: POLICY_RESOURCES,
    fix: "Name the actions and resources the principal needs.",
    test: (r) => {
      const bad = resourceDoc(r)?.statements.find((s) => allows(s) && hasStar(s.actions) && hasStar(s.resources));
      return bad ? `statement ${bad.sid ?? "(no sid)"} allows * on *` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_63",
    source: "checkov",
    title: 'IAM policy allows no "*" action',
    severity: "error",
    resourceTypes: POLICY_RESOURCES,
    fix: "Name the actions.",
    test: (r) => {
      const bad = resourceDoc(r)?.statements.find((s) => allows(s) && hasStar(s.actions));
      return bad ? `statement ${bad.sid ?? "(no sid)"} allows action *` : undefined;
    },
  }),
  ...twin(
    { data: "CKV_AWS_107", resource: "CKV_AWS_287" },
    {
      title: "IAM policy does not expose credentials",
      severity: "error",
      fix: "Scope credential-returning actions (sts:AssumeRole, iam:CreateAccessKey, ...) to named resources, or add conditions.",
    },
    (doc) => {
      const a = credentialsExposureActions(doc);
      return a.length ? `grants credential-returning ${list(a)} without constraint` : undefined;
    },
  ),
  ...twin(
    { data: "CKV_AWS_108", resource: "CKV_AWS_288" },
    {
      title: "IAM policy does not allow data exfiltration",
      severity: "error",
      fix: "Scope s3:GetObject / ssm:GetParameter* / secretsmanager:GetSecretValue to named resources.",
    },
    (doc) => {
      const a = dataExfiltrationActions(doc);
      return a.length ? `allows ${list(a)} on * without condition` : undefined;
    },
  ),
  ...twin(
    { data: "CKV_AWS_109", resource: "CKV_AWS_289" },
    {
      title: "IAM policy does not manage permissions or expose resources without constraints",
      severity: "error",
      fix: "Scope permission-management actions (Put*Policy, CreateGrant, ...) to named resources, or add conditions.",
    },
    (doc) => {
      const a = actionsOfLevelOnWildcard(doc, "Permissions management");
      return a.length ? `permissions-management actions ${list(a)} on * without condition` : undefined;
    },
  ),
  ...twin(
    { data: "CKV_AWS_110", resource: "CKV_AWS_286" },
    {
      title: "IAM policy does not allow privilege escalation",
      severity: "error",
      fix: "Remove the action combination or scope it to named resources with conditions.",
    },
    (doc) => {
      const m = privilegeEscalationMethods(doc);
      return m.length ? `privilege escalation: ${list(m)}` : undefined;
    },
  ),
  ...twin(
    { data: "CKV_AWS_111", resource: "CKV_AWS_290" },
    {
      title: "IAM policy does not allow write access without constraints",
      severity: "error",
      fix: "Scope write actions to named resources (ARNs), or add conditions.",
    },
    (doc) => {
      const a = actionsOfLevelOnWildcard(doc, "Write");
      return a.length ? `write actions ${list(a)} on * without condition` : undefined;
    },
  ),
  ...twin(
    { data: "CKV_AWS_356", resource: "CKV_AWS_355" },
    {
      title: 'IAM policy allows "*" as resource only for actions that take no resource',
      severity: "warning",
      fix: "Name the resources of every action that supports resource ARNs.",
    },
    (doc) => {
      const a = restrictableActionsOnWildcard(doc);
      return a.length ? `resource * for restrictable ${list(a)}` : undefined;
    },
  ),
  {
    id: "SJ_AWS_IAM_PASSROLE_SCOPED",
    source: "project",
    title: "iam:PassRole is granted only on named roles",
    severity: "error",
    resourceTypes: [DOC, ...POLICY_RESOURCES],
    fix: "List the role ARNs that may be passed (and add an iam:PassedToService condition).",
    evaluate: (tf) => {
      const docs: [TfResource, IamDocument | undefined][] = [
        ...tf.resources(DOC).map((r): [TfResource, IamDocument | undefined] => [r, documentFromData(r)]),
        ...tf.resources(...POLICY_RESOURCES).map((r): [TfResource, IamDocument | undefined] => [r, resourceDoc(r)]),
      ];
      return docs.flatMap(([r, doc]) => {
        const bad = doc?.statements.find((s) => allows(s) && hasStar(s.resources) && grants(s, "iam:PassRole"));
        return bad ? [{ address: r.address, message: `statement ${bad.sid ?? "(no sid)"} allows iam:PassRole on *` }] : [];
      });
    },
  },
];
