import { App, Aspects } from "./cdktf-core";
import { StateStack, STATE_STACK_NAME } from "../bootstrap/state-stack";
import type { JenkinsConfig } from "./config/schema";
import { JenkinsStack, JENKINS_STACK_NAME } from "./stacks/jenkins-stack";
import { PolicyAspect } from "./policy/policy-aspect";

/** The two stacks of the project. */
export interface ProjectStacks {
  readonly app: App;
  readonly state: StateStack;
  readonly jenkins: JenkinsStack;
}

/**
 * Builds both stacks from a validated configuration. The `jenkins` stack always depends on
 * `state`, so `cdktf deploy '*'` creates the state bucket first and `cdktf destroy '*'`
 * removes Jenkins before the bucket that may hold its state.
 */
export function buildProject(config: JenkinsConfig, app: App = new App()): ProjectStacks {
  const state = new StateStack(app, STATE_STACK_NAME, { config });
  const jenkins = new JenkinsStack(app, JENKINS_STACK_NAME, { config });
  jenkins.addDependency(state);
  // The policy pack (lib/policy) checks each stack's output on every synth.
  for (const stack of [state, jenkins]) Aspects.of(stack).add(new PolicyAspect());
  return { app, state, jenkins };
}
