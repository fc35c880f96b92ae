import { App } from "./cdktf-core";
import { StateStack, STATE_STACK_NAME } from "../bootstrap/state-stack";
import type { JenkinsConfig } from "./config/schema";
import { JenkinsStack, JENKINS_STACK_NAME } from "./jenkins-stack";

/** The two stacks of the project. */
export interface ProjectStacks {
  readonly app: App;
  readonly state: StateStack;
  readonly jenkins: JenkinsStack;
}

/**
 * Builds both stacks from a validated configuration. The `jenkins` stack depends on `state`
 * when it keeps its state in the state bucket, so `cdktf deploy '*'` deploys them in order.
 */
export function buildProject(config: JenkinsConfig, app: App = new App()): ProjectStacks {
  const state = new StateStack(app, STATE_STACK_NAME, { config });
  const jenkins = new JenkinsStack(app, JENKINS_STACK_NAME, { config });
  if (config.backend.type === "s3") jenkins.addDependency(state);
  return { app, state, jenkins };
}
