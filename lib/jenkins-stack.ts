import { Construct } from "constructs";
import { TerraformStack } from "./cdktf-core";
import { addAwsProvider } from "./aws-provider";
import type { JenkinsConfig } from "./config/schema";
import { useJenkinsBackend } from "./state-backend";

/** Name of the Jenkins stack. */
export const JENKINS_STACK_NAME = "jenkins";

/** Props of {@link JenkinsStack}. */
export interface JenkinsStackProps {
  /** The validated configuration. */
  readonly config: JenkinsConfig;
}

/** The serverless Jenkins stack. */
export class JenkinsStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: JenkinsStackProps) {
    super(scope, id);
    const { config } = props;
    useJenkinsBackend(this, id, config);
    addAwsProvider(this, { config, stackName: id });
  }
}
