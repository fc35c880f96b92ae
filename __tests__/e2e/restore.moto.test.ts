/**
 * The restore command against the AWS API emulator (moto_server 5.2), for every call moto
 * serves: ECS (DescribeServices, UpdateService, ListTasks, DescribeTasks,
 * DescribeTaskDefinition, RunTask with overrides and the service's network) and EFS
 * (DescribeFileSystems, its not-found error). Moto 5.2 serves none of the AWS Backup calls the
 * restore makes (a test below keeps that claim honest), so the Backup client alone is mocked
 * (__tests__/support/restore-fakes.ts) while ECS and EFS talk to the emulator.
 *
 * The restore task definition registered here is the one RestoreTask (lib/constructs/restore/restore-task.ts)
 * synthesizes, with one emulator-only addition: moto cannot place a task without a
 * container-level memory (real Fargate does not need one).
 */
import {
  BackupClient,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRestoreJobsByProtectedResourceCommand,
  StartRestoreJobCommand,
  CreateBackupVaultCommand,
} from "@aws-sdk/client-backup";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
} from "@aws-sdk/client-ecs";
import { CreateFileSystemCommand, EFSClient } from "@aws-sdk/client-efs";
import { Testing } from "cdktf";
import { AwsEnvironment } from "../../lib/constructs/foundation/aws-environment";
import {
  assertControllerStopped,
  copyTaskStartedBy,
  describeController,
  findFileSystem,
  RESTORE_CONTAINER,
  RESTORE_ENV,
  RestoreClients,
  runRestore,
} from "../../lib/restore";
import { RestoreTask } from "../../lib/constructs/restore/restore-task";
import { describeMoto, motoDefaultNetwork, useMoto } from "../support/moto";
import type { SynthJson } from "../support/project";
import { BACKUP_ROLE, FakeAws, fakeClock, recorder, REGION, RP_ARN, VAULT } from "../support/restore-fakes";

const CLUSTER = "jenkins-controller";
const SERVICE = "jenkins-controller";

describeMoto("restore against the AWS API emulator (moto_server)", () => {
  const moto = useMoto();
  let ecs: ECSClient;
  let efs: EFSClient;
  let fileSystemId: string;
  let fileSystemArn: string;
  let subnetId: string;
  let securityGroupId: string;
  let restoreTd: string;

  beforeAll(async () => {
    const cfg = { region: REGION, endpoint: moto.server.endpoint, credentials: { accessKeyId: "testing", secretAccessKey: "testing" }, maxAttempts: 1 };
    ecs = new ECSClient(cfg);
    efs = new EFSClient(cfg);
    ({ subnetId, securityGroupId } = motoDefaultNetwork(moto.server.endpoint, REGION));
    const fsys = await efs.send(new CreateFileSystemCommand({ CreationToken: "jenkins-jenkins-home", Encrypted: true, PerformanceMode: "generalPurpose" }));
    fileSystemId = fsys.FileSystemId!;
    fileSystemArn = fsys.FileSystemArn!;
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    const controllerTd = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: "jenkins-controller",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: "1024",
        memory: "2048",
        containerDefinitions: [{ name: "jenkins", image: "jenkins/jenkins:lts", essential: true, memoryReservation: 2048 }],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: SERVICE,
        taskDefinition: controllerTd.taskDefinition!.taskDefinitionArn,
        desiredCount: 1,
        launchType: "FARGATE",
        networkConfiguration: { awsvpcConfiguration: { subnets: [subnetId], securityGroups: [securityGroupId], assignPublicIp: "DISABLED" } },
      }),
    );
    // The task definition RestoreTask synthesizes, registered as Terraform would.
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        const env = new AwsEnvironment(scope, "Env", { region: REGION, accountId: "123456789012" });
        new RestoreTask(scope, "Restore", { namePrefix: "jenkins", env, fileSystemId, fileSystemArn, logGroupName: "/jenkins/controller" });
      }),
    );
    const td = Object.values((json as SynthJson).resource.aws_ecs_task_definition)[0];
    const containers = JSON.parse(td.container_definitions).map((c: Record<string, unknown>) => ({ ...c, memoryReservation: Number(td.memory) })); // moto-only, see above
    const v = td.volume[0];
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: td.family,
        networkMode: td.network_mode,
        requiresCompatibilities: td.requires_compatibilities,
        cpu: td.cpu,
        memory: td.memory,
        executionRoleArn: "arn:aws:iam::123456789012:role/jenkins-restore-execution",
        taskRoleArn: "arn:aws:iam::123456789012:role/jenkins-restore-task",
        containerDefinitions: containers,
        volumes: [
          {
            name: v.name,
            efsVolumeConfiguration: {
              fileSystemId: v.efs_volume_configuration.file_system_id,
              rootDirectory: v.efs_volume_configuration.root_directory,
              transitEncryption: v.efs_volume_configuration.transit_encryption,
              authorizationConfig: { iam: v.efs_volume_configuration.authorization_config.iam },
            },
          },
        ],
      }),
    );
    restoreTd = registered.taskDefinition!.family!;
  }, 60_000);

  function hybrid(clock = fakeClock()) {
    const fake = new FakeAws(clock, fileSystemArn);
    // AWS Backup makes the new file system; here the emulator's EFS does, and the restore waits for it there.
    fake.createFileSystem = async () =>
      (await efs.send(new CreateFileSystemCommand({ CreationToken: `restored-${Date.now()}`, Encrypted: true }))).FileSystemArn!;
    const clients: RestoreClients = { backup: fake.clients.backup, ecs, efs };
    const reporter = recorder();
    return { fake, clients, reporter, clock };
  }

  const target = () => ({ vaultName: VAULT, backupRoleArn: BACKUP_ROLE, fileSystemId, cluster: CLUSTER, service: SERVICE, restoreTaskDefinition: restoreTd });

  test("moto 5.2 serves none of the AWS Backup calls the restore makes (so Backup is mocked here)", async () => {
    const backup = new BackupClient({
      region: REGION,
      endpoint: moto.server.endpoint,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
      maxAttempts: 1,
    });
    await backup.send(new CreateBackupVaultCommand({ BackupVaultName: VAULT })); // served: the stack's vault exists in the e2e test
    const calls: [string, () => Promise<unknown>][] = [
      ["ListRecoveryPointsByBackupVaultCommand", () => backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: VAULT }))],
      [
        "GetRecoveryPointRestoreMetadataCommand",
        () => backup.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: VAULT, RecoveryPointArn: RP_ARN })),
      ],
      ["ListRestoreJobsByProtectedResourceCommand", () => backup.send(new ListRestoreJobsByProtectedResourceCommand({ ResourceArn: fileSystemArn }))],
      [
        "StartRestoreJobCommand",
        () => backup.send(new StartRestoreJobCommand({ RecoveryPointArn: RP_ARN, IamRoleArn: BACKUP_ROLE, Metadata: { newFileSystem: "true" } })),
      ],
      ["DescribeRestoreJobCommand", () => backup.send(new DescribeRestoreJobCommand({ RestoreJobId: "x" }))],
    ];
    const served: string[] = [];
    for (const [name, call] of calls) {
      // moto answers unknown operations with an HTML 404/500 page the SDK cannot parse.
      const ok = await call().then(
        () => true,
        () => false,
      );
      if (ok) served.push(name);
    }
    expect(served).toEqual([]);
  });

  test("EFS: DescribeFileSystems finds the file system and maps moto's FileSystemNotFound to 'absent'", async () => {
    expect((await findFileSystem(efs, fileSystemId))?.FileSystemArn).toBe(fileSystemArn);
    expect(await findFileSystem(efs, "fs-0123456789abcdef0")).toBeUndefined();
  });

  test("ECS: a missing service is named with the flags to check", async () => {
    await expect(describeController(ecs, { cluster: CLUSTER, service: "nope" })).rejects.toThrow(
      /The controller service nope in cluster jenkins-controller is MISSING\. Check --cluster\/--service/,
    );
  });

  test("in place, end to end with ECS and EFS in the emulator: stop, guard, copy task with overrides, start; a re-run reuses what is done", async () => {
    const { fake, clients, reporter, clock } = hybrid();
    const result = await runRestore(
      { recoveryPointArn: RP_ARN, mode: "in-place", target: target(), waitForControllerStart: false },
      { clients, reporter, clock },
    );
    expect(result.steps.map((s) => s.outcome)).toEqual(["done", "done", "done", "done", "done", "done"]);

    // The service went to 0 and back to 1 in the emulator.
    const svc = (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] }))).services![0];
    expect(svc.desiredCount).toBe(1);
    expect(reporter.text()).toMatch(/set desiredCount of jenkins-controller from 1 to 0[\s\S]*set desiredCount of jenkins-controller to 1/);

    // The copy task ran in the emulator: the restore task definition, the service's network, the overrides, startedBy the job.
    const startedBy = copyTaskStartedBy(result.restoreJob.id);
    const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, startedBy }))).taskArns!;
    expect(arns).toHaveLength(1);
    const [task] = (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks!;
    expect(task.taskDefinitionArn).toMatch(/task-definition\/jenkins-restore:\d+$/);
    expect(task.lastStatus).toBe("STOPPED");
    expect(task.containers![0]).toMatchObject({ name: RESTORE_CONTAINER, exitCode: 0 });
    const env = Object.fromEntries(task.overrides!.containerOverrides![0].environment!.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ [RESTORE_ENV.id]: result.restoreJob.id, [RESTORE_ENV.dir]: "auto" });
    expect(task.attachments![0].details).toEqual(expect.arrayContaining([{ name: "subnetId", value: subnetId }]));

    // Re-run: the restore job and the copy task are found and reused, nothing new runs.
    fake.backupMock.resetHistory();
    const again = await runRestore(
      { recoveryPointArn: RP_ARN, mode: "in-place", target: target(), waitForControllerStart: false },
      { clients, reporter, clock },
    );
    expect(fake.calls(fake.backupMock, StartRestoreJobCommand)).toEqual([]);
    expect((await ecs.send(new ListTasksCommand({ cluster: CLUSTER, startedBy }))).taskArns).toHaveLength(1);
    expect(again.steps[4].outcome).toBe("skipped");
  }, 30_000);

  test("refuses while a controller task runs (a task of group service:<name> in the emulator)", async () => {
    const { clients } = hybrid();
    // The service is at 1 after the previous test; a task of the service runs.
    await ecs.send(
      new RunTaskCommand({
        cluster: CLUSTER,
        taskDefinition: "jenkins-controller",
        launchType: "FARGATE",
        group: `service:${SERVICE}`,
        networkConfiguration: { awsvpcConfiguration: { subnets: [subnetId], securityGroups: [securityGroupId] } },
      }),
    );
    await expect(assertControllerStopped(clients.ecs, { cluster: CLUSTER, service: SERVICE })).rejects.toThrow(
      /^Refusing to overwrite JENKINS_HOME: the controller service jenkins-controller is not stopped \(desiredCount 1, .*tasks: [0-9a-f-]+ \((RUNNING|DEACTIVATING)\)/,
    );
  });

  test("new file system: waits for the new file system in the emulator and reports its id", async () => {
    const { clients, reporter, clock } = hybrid();
    const result = await runRestore(
      { recoveryPointArn: RP_ARN, mode: "new-file-system", target: { vaultName: VAULT, backupRoleArn: BACKUP_ROLE } },
      { clients, reporter, clock },
    );
    expect(result.newFileSystemId).toMatch(/^fs-/);
    expect(result.newFileSystemId).not.toBe(fileSystemId);
    expect((await findFileSystem(efs, result.newFileSystemId!))?.LifeCycleState).toBe("available");
    expect(reporter.text()).toMatch(/new file system fs-\w+ is available/);
  });
});
