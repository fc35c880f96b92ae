/**
 * Test support for the restore command: a small stateful model of the AWS side (a vault with
 * recovery points, restore jobs that progress, the controller service and its tasks, copy tasks,
 * file systems) behind aws-sdk-client-mock instance mocks of the Backup, ECS and EFS clients,
 * and a fake clock whose sleep only moves time forward.
 */
import {
  BackupClient,
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRestoreJobsByProtectedResourceCommand,
  RestoreJobsListMember,
  StartRestoreJobCommand,
  StartRestoreJobInput,
} from "@aws-sdk/client-backup";
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RunTaskCommand,
  RunTaskCommandInput,
  Task,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { DescribeFileSystemsCommand, EFSClient, FileSystemNotFound } from "@aws-sdk/client-efs";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { RESTORE_CONTAINER, RestoreClients, RestoreClock, RestoreReporter } from "../../lib/restore";

export const REGION = "eu-west-1";
export const ACCOUNT = "123456789012";
export const VAULT = "jenkins-jenkins-home";
export const FS_ID = "fs-0aaaaaaaaaaaaaaa1";
export const FS_ARN = `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/${FS_ID}`;
export const RP_ARN = `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:rp-1111`;
export const OLD_RP_ARN = `arn:aws:backup:${REGION}:${ACCOUNT}:recovery-point:rp-0000`;
export const BACKUP_ROLE = `arn:aws:iam::${ACCOUNT}:role/jenkins-backup`;
export const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
export const CLUSTER = "jenkins-controller";
export const SERVICE = "jenkins-controller";
export const TD_FAMILY = "jenkins-restore";
export const TD_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${TD_FAMILY}:3`;
export const NETWORK = {
  awsvpcConfiguration: {
    subnets: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
    securityGroups: ["sg-0aaaaaaaaaaaaaaa1"],
    assignPublicIp: "DISABLED" as const,
  },
};
export const T0 = Date.parse("2025-03-01T10:00:00Z");

/** A fake clock: sleep moves `now` forward, nothing waits. */
export function fakeClock(start = T0): RestoreClock & { slept: number } {
  const c = {
    t: start,
    slept: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
      c.slept += ms;
    },
  };
  return c;
}

/** A reporter that records lines. */
export function recorder(): RestoreReporter & { lines: string[]; text: () => string } {
  const lines: string[] = [];
  return { lines, step: (i, n, t) => lines.push(`[${i}/${n}] ${t}`), info: (m) => lines.push(m), text: () => lines.join("\n") };
}

interface FakeJob extends RestoreJobsListMember {
  /** Describes left until it finishes. */
  polls: number;
  /** How it ends. */
  outcome: "COMPLETED" | "FAILED" | "ABORTED";
  input?: StartRestoreJobInput;
}

interface FakeTask extends Task {
  /** Describes left until it stops. */
  polls: number;
  exitCode?: number;
  failedToStart?: boolean;
}

/** The AWS side of a restore, as state the mocks read and change. */
export class FakeAws {
  public readonly clients: RestoreClients;
  public readonly backupMock: AwsClientStub<BackupClient>;
  public readonly ecsMock: AwsClientStub<ECSClient>;
  public readonly efsMock: AwsClientStub<EFSClient>;

  /** Recovery points of the vault. */
  public recoveryPoints: Map<string, { ResourceArn: string; Status: string; CreationDate: Date; ResourceType?: string }>;
  public restoreJobs: FakeJob[] = [];
  public fileSystems = new Map<string, { FileSystemArn: string; LifeCycleState: string; KmsKeyId?: string; PerformanceMode?: string; polls?: number }>([
    [FS_ID, { FileSystemArn: FS_ARN, LifeCycleState: "available", KmsKeyId: KMS_KEY, PerformanceMode: "generalPurpose" }],
  ]);
  /** The controller service. */
  public service = { desiredCount: 1, runningCount: 1, pendingCount: 0 };
  /** Its tasks. */
  public controllerTasks: FakeTask[] = [
    { taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/ctl1`, group: `service:${SERVICE}`, lastStatus: "RUNNING", polls: 2 },
  ];
  /** When false, controller tasks never stop (something keeps Jenkins running). */
  public controllerStops = true;
  /** Copy tasks run so far. */
  public copyTasks: FakeTask[] = [];
  /** Exit code of the next copy tasks. */
  public copyExitCode = 0;
  /** The next copy task fails to start (e.g. the EFS mount is denied). */
  public copyFailsToStart = false;
  /** Describes a restore job takes to finish, and how it ends. */
  public jobPolls = 2;
  public jobOutcome: FakeJob["outcome"] = "COMPLETED";
  /** The task definition's EFS file system. */
  public taskDefinitionFileSystem = FS_ID;
  /** Called on UpdateService, e.g. to make it fail. */
  public onUpdateService?: (desired: number) => void;
  /**
   * Makes the file system of a completed new-file-system restore and returns its ARN.
   * @default - one in this model, `creating` for one more describe
   */
  public createFileSystem?: (kmsKeyId?: string) => Promise<string>;
  private nextId = 1;

  /**
   * @param clock the test's clock (job creation dates)
   * @param fileSystemArn the file system the recovery points were taken of (a moto one in the emulator test)
   */
  constructor(
    private readonly clock: RestoreClock,
    private readonly fileSystemArn = FS_ARN,
  ) {
    this.recoveryPoints = new Map([
      [RP_ARN, { ResourceArn: fileSystemArn, Status: "COMPLETED", CreationDate: new Date(T0 - 86_400_000), ResourceType: "EFS" }],
      [OLD_RP_ARN, { ResourceArn: fileSystemArn, Status: "COMPLETED", CreationDate: new Date(T0 - 2 * 86_400_000), ResourceType: "EFS" }],
    ]);
    const cfg = { region: REGION, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } };
    this.clients = { backup: new BackupClient(cfg), ecs: new ECSClient(cfg), efs: new EFSClient(cfg) };
    this.backupMock = mockClient(this.clients.backup);
    this.ecsMock = mockClient(this.clients.ecs);
    this.efsMock = mockClient(this.clients.efs);
    this.wireBackup();
    this.wireEcs();
    this.wireEfs();
  }

  /** A restore job that already exists (from an earlier run). */
  public addJob(j: Partial<FakeJob> & { Status: string }): FakeJob {
    const job: FakeJob = {
      RestoreJobId: `job-${this.nextId++}`,
      RecoveryPointArn: RP_ARN,
      CreationDate: new Date(this.clock.now() - 3600_000),
      polls: 1,
      outcome: "COMPLETED",
      ...j,
    } as FakeJob;
    this.restoreJobs.push(job);
    return job;
  }

  /** A copy task that already exists (from an earlier run). */
  public addCopyTask(jobId: string, t: Partial<FakeTask>): FakeTask {
    const task: FakeTask = {
      taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/copy${this.nextId++}`,
      startedBy: `jenkins-restore_${jobId}`,
      group: `family:${TD_FAMILY}`,
      lastStatus: "RUNNING",
      createdAt: new Date(this.clock.now()),
      polls: 1,
      exitCode: 0,
      ...t,
    } as FakeTask;
    this.copyTasks.push(task);
    return task;
  }

  /** The controller as the earlier run left it: stopped. */
  public stopped(): void {
    this.service = { desiredCount: 0, runningCount: 0, pendingCount: 0 };
    this.controllerTasks = this.controllerTasks.map((t) => ({ ...t, lastStatus: "STOPPED" }));
  }

  /** The inputs of the calls of one command on one of the mocks, in order. */
  public calls<TInput>(
    mock: AwsClientStub<BackupClient> | AwsClientStub<ECSClient> | AwsClientStub<EFSClient>,
    command: abstract new (input: TInput) => { readonly input: TInput },
  ): TInput[] {
    return mock.calls().flatMap((c) => (c.args[0] instanceof command ? [c.args[0].input] : []));
  }

  private wireBackup(): void {
    const m = this.backupMock;
    m.on(ListRecoveryPointsByBackupVaultCommand).callsFake(async (input) => {
      if (input.BackupVaultName !== VAULT)
        throw Object.assign(new Error(`Backup vault ${input.BackupVaultName} does not exist`), { name: "ResourceNotFoundException" });
      return {
        RecoveryPoints: [...this.recoveryPoints.entries()]
          .filter(([, p]) => !input.ByResourceArn || p.ResourceArn === input.ByResourceArn)
          .map(([arn, p]) => ({
            RecoveryPointArn: arn,
            ResourceArn: p.ResourceArn,
            ResourceType: p.ResourceType,
            Status: p.Status,
            CreationDate: p.CreationDate,
            BackupSizeInBytes: 5 * 1024 ** 3,
          })),
      };
    });
    m.on(DescribeRecoveryPointCommand).callsFake(async (input) => {
      const p = this.recoveryPoints.get(input.RecoveryPointArn);
      if (!p) throw Object.assign(new Error(`Recovery point ${input.RecoveryPointArn} not found`), { name: "ResourceNotFoundException" });
      return { RecoveryPointArn: input.RecoveryPointArn, ...p, StorageClass: "WARM" };
    });
    m.on(GetRecoveryPointRestoreMetadataCommand).callsFake(async () => ({
      RestoreMetadata: {
        "file-system-id": this.fileSystemArn.split("/").pop()!,
        Encrypted: "true",
        KmsKeyId: KMS_KEY,
        PerformanceMode: "generalPurpose",
        CreationToken: "jenkins-jenkins-home",
        newFileSystem: "false",
      },
    }));
    m.on(ListRestoreJobsByProtectedResourceCommand).callsFake(async (input) => ({
      RestoreJobs: this.restoreJobs.filter((j) => this.recoveryPoints.get(j.RecoveryPointArn!)?.ResourceArn === input.ResourceArn).map((j) => this.view(j)),
    }));
    m.on(StartRestoreJobCommand).callsFake(async (input) => {
      const newFs = input.Metadata.newFileSystem === "true";
      const job = this.addJob({
        RecoveryPointArn: input.RecoveryPointArn,
        Status: "PENDING",
        CreationDate: new Date(this.clock.now()),
        polls: this.jobPolls,
        outcome: this.jobOutcome,
        input,
      });
      job.CreatedResourceArn = newFs ? undefined : this.fileSystemArn;
      return { RestoreJobId: job.RestoreJobId };
    });
    m.on(DescribeRestoreJobCommand).callsFake(async (input) => {
      const j = this.restoreJobs.find((x) => x.RestoreJobId === input.RestoreJobId)!;
      if (j.Status === "PENDING" || j.Status === "RUNNING") {
        j.polls--;
        j.Status = j.polls <= 0 ? j.outcome : "RUNNING";
        j.PercentDone = j.polls <= 0 ? "100.0%" : "40.0%";
        if (j.Status === "FAILED") j.StatusMessage = "Access denied to the KMS key";
        if (j.Status === "COMPLETED") {
          j.CompletionDate = new Date(this.clock.now());
          if (j.input?.Metadata?.newFileSystem === "true") {
            if (this.createFileSystem) {
              j.CreatedResourceArn = await this.createFileSystem(j.input.Metadata.KmsKeyId);
            } else {
              const id = `fs-0bbbbbbbbbbbbbb${this.nextId++}`;
              this.fileSystems.set(id, {
                FileSystemArn: `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/${id}`,
                LifeCycleState: "creating",
                polls: 1,
                KmsKeyId: j.input.Metadata.KmsKeyId,
              });
              j.CreatedResourceArn = this.fileSystems.get(id)!.FileSystemArn;
            }
          }
        }
      }
      return this.view(j);
    });
  }

  private view(j: FakeJob): RestoreJobsListMember {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { polls, outcome, input, ...rest } = j;
    return { ...rest };
  }

  private wireEcs(): void {
    const m = this.ecsMock;
    m.on(DescribeServicesCommand).callsFake(async (input) => {
      if (input.cluster !== CLUSTER || input.services?.[0] !== SERVICE) return { services: [], failures: [{ arn: input.services?.[0], reason: "MISSING" }] };
      return { services: [{ serviceName: SERVICE, status: "ACTIVE", ...this.service, networkConfiguration: NETWORK }] };
    });
    m.on(UpdateServiceCommand).callsFake(async (input) => {
      this.onUpdateService?.(input.desiredCount);
      this.service.desiredCount = input.desiredCount;
      if (input.desiredCount > 0) {
        this.service.runningCount = input.desiredCount;
        this.controllerTasks.push({
          taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/ctl${this.nextId++}`,
          group: `service:${SERVICE}`,
          lastStatus: "RUNNING",
          polls: 2,
        });
      }
      return { service: { serviceName: SERVICE, ...this.service } };
    });
    m.on(ListTasksCommand).callsFake(async (input) => {
      const all = [...this.controllerTasks.map((t) => ({ t, service: SERVICE })), ...this.copyTasks.map((t) => ({ t, service: undefined }))];
      // As in ECS: a draining controller task (service at 0) already has desired status STOPPED.
      const desired = (t: FakeTask, service?: string) => (t.lastStatus === "STOPPED" || (service && this.service.desiredCount === 0) ? "STOPPED" : "RUNNING");
      return {
        taskArns: all
          .filter(({ t, service }) => (!input.serviceName || service === input.serviceName) && (!input.startedBy || t.startedBy === input.startedBy))
          .filter(({ t, service }) => desired(t, service) === (input.desiredStatus ?? "RUNNING"))
          .map(({ t }) => t.taskArn!),
      };
    });
    m.on(DescribeTasksCommand).callsFake(async (input) => ({
      tasks: (input.tasks ?? [])
        .map((arn: string) => [...this.controllerTasks, ...this.copyTasks].find((t) => t.taskArn === arn))
        .filter((t: FakeTask | undefined): t is FakeTask => !!t)
        .map((t: FakeTask) => this.advance(t)),
    }));
    m.on(DescribeTaskDefinitionCommand).callsFake(async (input) => {
      if (input.taskDefinition !== TD_FAMILY && input.taskDefinition !== TD_ARN)
        throw Object.assign(new Error("Unable to describe task definition."), { name: "ClientException" });
      return {
        taskDefinition: {
          taskDefinitionArn: TD_ARN,
          family: TD_FAMILY,
          containerDefinitions: [
            {
              name: RESTORE_CONTAINER,
              logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/jenkins/controller", "awslogs-stream-prefix": "restore" } },
            },
          ],
          volumes: [{ name: "efs-root", efsVolumeConfiguration: { fileSystemId: this.taskDefinitionFileSystem, rootDirectory: "/" } }],
        },
      };
    });
    m.on(RunTaskCommand).callsFake(async (input: RunTaskCommandInput) => {
      const task = this.addCopyTask("x", {
        startedBy: input.startedBy,
        lastStatus: "PROVISIONING",
        polls: 2,
        exitCode: this.copyFailsToStart ? undefined : this.copyExitCode,
        failedToStart: this.copyFailsToStart,
        overrides: input.overrides,
      });
      return { tasks: [{ ...task }], failures: [] };
    });
  }

  private advance(t: FakeTask): Task {
    const isController = t.group === `service:${SERVICE}`;
    if (t.lastStatus !== "STOPPED") {
      const shouldStop = isController ? this.service.desiredCount === 0 && this.controllerStops : true;
      if (shouldStop) {
        t.polls--;
        t.lastStatus = t.polls <= 0 ? "STOPPED" : isController ? "DEACTIVATING" : "RUNNING";
        if (t.lastStatus === "STOPPED") {
          if (isController) this.service.runningCount = 0;
          if (t.failedToStart) {
            t.stopCode = "TaskFailedToStart";
            t.stoppedReason = "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: mount.nfs4: access denied by server";
          }
        }
      }
    }
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { polls, exitCode, failedToStart, ...rest } = t;
    return {
      ...rest,
      containers: isController ? [{ name: "jenkins" }] : [{ name: RESTORE_CONTAINER, exitCode: t.lastStatus === "STOPPED" ? exitCode : undefined }],
    };
  }

  private wireEfs(): void {
    this.efsMock.on(DescribeFileSystemsCommand).callsFake(async (input) => {
      const f = this.fileSystems.get(input.FileSystemId!);
      if (!f) throw new FileSystemNotFound({ message: `File system '${input.FileSystemId}' does not exist.`, $metadata: {}, ErrorCode: "FileSystemNotFound" });
      if (f.LifeCycleState === "creating" && f.polls !== undefined && --f.polls < 0) f.LifeCycleState = "available";
      return { FileSystems: [{ FileSystemId: input.FileSystemId, ...f }] };
    });
  }
}
