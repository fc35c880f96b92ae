/**
 * cloudsplaining's analysis of an identity policy, as checkov's IAM checks use it:
 * "unrestricted" = an Allow statement with `*` among its resources and no condition;
 * "unrestrictable" = an Allow statement without condition granting an action whose only
 * resource is `*`.
 */
import { AccessLevel, accessLevels, actionMatches, isRestrictable } from "./iam-actions";
import { CREDENTIALS_EXPOSURE_ACTIONS, DATA_EXFILTRATION_ACTIONS, PRIVILEGE_ESCALATION_METHODS } from "./iam-risky-actions";
import { allows, IamDocument, IamStatement } from "./iam-document";

/** Whether the statement grants the concrete action (Action patterns, or everything outside NotAction). */
export function grants(s: IamStatement, action: string): boolean {
  if (s.actions) return s.actions.some((p) => actionMatches(p, action));
  if (s.notActions) return !s.notActions.some((p) => actionMatches(p, action));
  return false;
}

const unconditionalAllow = (s: IamStatement) => allows(s) && s.conditions.length === 0;
/** Allow, `*` among the resources, no condition. */
export const isUnrestrictedStatement = (s: IamStatement): boolean => unconditionalAllow(s) && (s.resources ?? []).includes("*");

function denied(doc: IamDocument, action: string): boolean {
  return doc.statements.some((s) => !allows(s) && grants(s, action));
}

/** Whether the document grants `action` without constraint (unrestricted or unrestrictable), optionally minus Deny statements. */
function grantsFreely(doc: IamDocument, action: string, subtractDeny: boolean): boolean {
  const granted = doc.statements.some((s) => (isUnrestrictedStatement(s) || (unconditionalAllow(s) && !isRestrictable(action))) && grants(s, action));
  return granted && !(subtractDeny && denied(doc, action));
}

/** Privilege-escalation methods (cloudsplaining 0.7.0) whose every action the document grants freely. */
export function privilegeEscalationMethods(doc: IamDocument): string[] {
  return Object.entries(PRIVILEGE_ESCALATION_METHODS)
    .filter(([, actions]) => actions.every((a) => grantsFreely(doc, a, true)))
    .map(([name, actions]) => `${name} (${actions.join(" + ")})`);
}

/** Credential-returning actions the document grants freely. */
export function credentialsExposureActions(doc: IamDocument): string[] {
  return CREDENTIALS_EXPOSURE_ACTIONS.filter((a) => grantsFreely(doc, a, false));
}

/** Data-exfiltration actions granted on `*` without condition. */
export function dataExfiltrationActions(doc: IamDocument): string[] {
  return DATA_EXFILTRATION_ACTIONS.filter((a) => doc.statements.some((s) => isUnrestrictedStatement(s) && grants(s, a)));
}

function statementActions(s: IamStatement): string[] {
  return s.actions ?? (s.notActions ? ["*"] : []);
}

/** Restrictable actions (patterns) allowed on `*` without condition, minus patterns a Deny names. */
export function restrictableActionsOnWildcard(doc: IamDocument): string[] {
  const deniedPatterns = new Set(doc.statements.filter((s) => !allows(s)).flatMap((s) => (s.actions ?? []).map((a) => a.toLowerCase())));
  const out = new Set<string>();
  for (const s of doc.statements.filter(isUnrestrictedStatement)) {
    for (const a of statementActions(s)) if (isRestrictable(a) && !deniedPatterns.has(a.toLowerCase())) out.add(a);
  }
  return [...out];
}

/** Restrictable actions of the given access level allowed on `*` without condition (Deny not subtracted). */
export function actionsOfLevelOnWildcard(doc: IamDocument, level: AccessLevel): string[] {
  const out = new Set<string>();
  for (const s of doc.statements.filter(isUnrestrictedStatement)) {
    for (const a of statementActions(s)) if (isRestrictable(a) && accessLevels(a).has(level)) out.add(a);
  }
  return [...out];
}
