/** The policy pack: security and reliability checks over synthesized Terraform JSON. */
export { POLICY_CHECKS } from "./checks";
export { CHECKOV_CONFIG_FILE, renderCheckovConfig } from "./checkov-config";
export { PolicyAspect } from "./policy-aspect";
export { describeFinding, evaluatePolicy, globMatches, suppressionFor } from "./policy-pack";
export type { EvaluateOptions, PolicyReport } from "./policy-pack";
export { SUPPRESSIONS } from "./suppressions";
export { renderPolicyDocument } from "./render";
export { TerraformConfig } from "./terraform-config";
export { hclVariableDefaults } from "./terraform-variables";
export type { Finding, PolicyCheck, Severity, SuppressedFinding, Suppression, Violation } from "./types";
