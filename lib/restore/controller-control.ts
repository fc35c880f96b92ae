import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  DesiredStatus,
  ECSClient,
  NetworkConfiguration,
  paginateListTasks,
  Task,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { lastSegment } from "./arn";
import { awsError } from "./recovery-points";
import { onChange, poll, RestoreClock, RestoreError, RestoreReporter } from "./runtime";

/** The controller's ECS service. */
export interface ControllerRef {
  /** Cluster name or ARN (output controller_cluster_name). */
  readonly cluster: string;
  /** Service name (output controller_service_name). */
  readonly service: string;
}

/** What the restore needs to know about the controller service. */
export interface ControllerState {
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly pendingCount: number;
  /** The service's subnets and security groups (the copy task runs with the same). */
  readonly networkConfiguration?: NetworkConfiguration;
  /** Tasks of the service that are not STOPPED yet (draining tasks included). */
  readonly liveTasks: Task[];
}

/** Describes tasks in batches of 100 (the API's limit). */
export async function describeTasks(ecs: ECSClient, cluster: string, arns: string[]): Promise<Task[]> {
  const out: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const r = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }));
    out.push(...(r.tasks ?? []));
  }
  return out;
}

/** Task ARNs listed with these filters, for both desired statuses (RUNNING and STOPPED). */
export async function listTaskArns(ecs: ECSClient, filter: { cluster: string; serviceName?: string; startedBy?: string; family?: string }): Promise<string[]> {
  const arns = new Set<string>();
  for (const desiredStatus of [DesiredStatus.RUNNING, DesiredStatus.STOPPED]) {
    for await (const page of paginateListTasks({ client: ecs }, { ...filter, desiredStatus })) for (const a of page.taskArns ?? []) arns.add(a);
  }
  return [...arns];
}

/**
 * Tasks of the service that still run or drain. A task belongs to the service when its group
 * is `service:<name>` (ListTasks' serviceName filter is not trusted alone: a task drains with
 * desired status STOPPED while it still holds the file system).
 */
export async function liveServiceTasks(ecs: ECSClient, ref: ControllerRef): Promise<Task[]> {
  const arns = await listTaskArns(ecs, { cluster: ref.cluster, serviceName: ref.service });
  const tasks = await describeTasks(ecs, ref.cluster, arns);
  return tasks.filter((t) => t.group === `service:${ref.service}` && t.lastStatus !== "STOPPED");
}

/** Reads the service and its live tasks; throws a {@link RestoreError} if the service does not exist. */
export async function describeController(ecs: ECSClient, ref: ControllerRef): Promise<ControllerState> {
  try {
    const r = await ecs.send(new DescribeServicesCommand({ cluster: ref.cluster, services: [ref.service] }));
    const s = r.services?.[0];
    if (!s || s.status === "INACTIVE") {
      const why = r.failures?.[0]?.reason ?? s?.status ?? "not found";
      throw new RestoreError(
        `The controller service ${ref.service} in cluster ${ref.cluster} is ${why}. Check --cluster/--service (outputs controller_cluster_name, controller_service_name) and the region.`,
      );
    }
    return {
      desiredCount: s.desiredCount ?? 0,
      runningCount: s.runningCount ?? 0,
      pendingCount: s.pendingCount ?? 0,
      networkConfiguration: s.networkConfiguration,
      liveTasks: await liveServiceTasks(ecs, ref),
    };
  } catch (e) {
    throw awsError(
      e,
      `describe the controller service ${ref.service}`,
      "Check that your credentials may call ecs:DescribeServices, ecs:ListTasks and ecs:DescribeTasks.",
    );
  }
}

/** Whether the controller holds no task at all. */
export function isStopped(s: ControllerState): boolean {
  return s.desiredCount === 0 && s.runningCount === 0 && s.pendingCount === 0 && s.liveTasks.length === 0;
}

/** Timing of the controller waits. */
export interface ControllerWait {
  readonly clock: RestoreClock;
  readonly reporter: RestoreReporter;
  /** @default 10 s */
  readonly intervalMs?: number;
  /** @default 15 min (the ALB's deregistration delay alone can take 5) */
  readonly timeoutMs?: number;
}

/**
 * The stop step, idempotent: sets desiredCount 0 unless it already is, then waits until no
 * task of the service runs or drains. Returns whether it had to change anything.
 */
export async function stopController(ecs: ECSClient, ref: ControllerRef, w: ControllerWait): Promise<"stopped" | "already-stopped"> {
  const before = await describeController(ecs, ref);
  if (isStopped(before)) {
    w.reporter.info(`controller ${ref.service} is already stopped (desiredCount 0, no task)`);
    return "already-stopped";
  }
  if (before.desiredCount !== 0) {
    try {
      await ecs.send(new UpdateServiceCommand({ cluster: ref.cluster, service: ref.service, desiredCount: 0 }));
    } catch (e) {
      throw awsError(e, `set the desired count of ${ref.service} to 0`, "Check that your credentials may call ecs:UpdateService.");
    }
    w.reporter.info(`set desiredCount of ${ref.service} from ${before.desiredCount} to 0`);
  } else {
    w.reporter.info(`desiredCount of ${ref.service} is already 0; waiting for its tasks to stop`);
  }
  const say = onChange(w.reporter.info.bind(w.reporter));
  await poll({
    what: `the controller's tasks to stop`,
    read: () => describeController(ecs, ref),
    done: isStopped,
    onState: (s) =>
      say(
        `controller: ${s.liveTasks.length} task(s) still running or draining${s.liveTasks.length ? ` (${s.liveTasks.map((t) => `${lastSegment(t.taskArn ?? "?")} ${t.lastStatus}`).join(", ")})` : ""}`,
      ),
    intervalMs: w.intervalMs ?? 10_000,
    timeoutMs: w.timeoutMs ?? 15 * 60_000,
    onTimeout: "Look at the service's events in the ECS console; run the same command again once the task has stopped.",
    clock: w.clock,
  });
  return "stopped";
}

/**
 * The guard before anything writes to JENKINS_HOME: refuses (throws a {@link RestoreError})
 * unless the service wants no task and no task of it runs or drains.
 */
export async function assertControllerStopped(ecs: ECSClient, ref: ControllerRef): Promise<ControllerState> {
  const s = await describeController(ecs, ref);
  if (!isStopped(s)) {
    const tasks = s.liveTasks.map((t) => `${lastSegment(t.taskArn ?? "?")} (${t.lastStatus})`).join(", ");
    throw new RestoreError(
      `Refusing to overwrite JENKINS_HOME: the controller service ${ref.service} is not stopped ` +
        `(desiredCount ${s.desiredCount}, running ${s.runningCount}, pending ${s.pendingCount}${tasks ? `, tasks: ${tasks}` : ""}). ` +
        "A running Jenkins would keep writing into the files being replaced. Find out what started it (a deploy, autoscaling, a person), " +
        `stop it (aws ecs update-service --cluster ${ref.cluster} --service ${ref.service} --desired-count 0) and run the same command again.`,
    );
  }
  return s;
}

/**
 * The start step, idempotent: sets desiredCount to `desiredCount` unless it already is, and
 * (with `waitForRunning`) waits until that many tasks run.
 */
export async function startController(
  ecs: ECSClient,
  ref: ControllerRef,
  desiredCount: number,
  w: ControllerWait & { readonly waitForRunning?: boolean },
): Promise<"started" | "already-started"> {
  const before = await describeController(ecs, ref);
  let changed = false;
  if (before.desiredCount !== desiredCount) {
    try {
      await ecs.send(new UpdateServiceCommand({ cluster: ref.cluster, service: ref.service, desiredCount }));
    } catch (e) {
      throw awsError(
        e,
        `set the desired count of ${ref.service} to ${desiredCount}`,
        "Check that your credentials may call ecs:UpdateService; the data is restored, only the start is missing.",
      );
    }
    changed = true;
    w.reporter.info(`set desiredCount of ${ref.service} to ${desiredCount}`);
  } else {
    w.reporter.info(`desiredCount of ${ref.service} is already ${desiredCount}`);
  }
  if (w.waitForRunning ?? true) {
    const say = onChange(w.reporter.info.bind(w.reporter));
    await poll({
      what: `${desiredCount} controller task(s) to run`,
      read: () => describeController(ecs, ref),
      done: (s) => s.runningCount >= desiredCount,
      onState: (s) => say(`controller: ${s.runningCount} running, ${s.pendingCount} pending`),
      intervalMs: w.intervalMs ?? 10_000,
      timeoutMs: w.timeoutMs ?? 15 * 60_000,
      onTimeout: "The data is restored; look at the service's events and the controller's log group for why the task does not start.",
      clock: w.clock,
    });
  }
  return changed ? "started" : "already-started";
}
