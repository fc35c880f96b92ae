/** The input variables of the registry module, one file per section, in the order of variables.tf. */
import { agentImageSourceVariable } from "./agent-images";
import { agentVariables } from "./agents";
import { alertVariables } from "./alerts";
import { authVariables } from "./auth";
import { backupVariables } from "./backup";
import { controllerVariables } from "./controller";
import { jobsVariables } from "./jobs";
import { credentialVariables } from "./credentials";
import { iamVariables } from "./iam";
import { loadBalancerVariables } from "./load-balancer";
import { namingVariables } from "./naming";
import { networkVariables } from "./network";
import { storageVariables } from "./storage";
import { vpcEndpointsVariable } from "./vpc-endpoints";
import { ModuleVariable } from "./variable";

export type { ModuleValidation, ModuleVariable } from "./variable";
export { fargateSizesMap, fargateSizesText } from "./variable";

/** Every input variable, in the order of variables.tf. */
export function moduleVariables(): ModuleVariable[] {
  return [
    ...namingVariables(),
    ...networkVariables(),
    vpcEndpointsVariable(),
    ...loadBalancerVariables(),
    ...controllerVariables(),
    ...agentVariables(),
    agentImageSourceVariable(),
    ...storageVariables(),
    ...alertVariables(),
    ...backupVariables(),
    ...credentialVariables(),
    ...iamVariables(),
    ...authVariables(),
    ...jobsVariables(),
  ];
}
