/**
 * Test support for the emulator end-to-end (__tests__/e2e/e2e.moto.test.ts): makes a deployed
 * installation "used" the way a real one is before a teardown, and lists what a destroy left.
 *
 * - {@link useInstallation}: an image pushed (ECR PutImage with a minimal manifest) into every
 *   repository named `<prefix>/...`, an instance registered in every Cloud Map service named
 *   `<prefix>...` (as ECS registers the controller's task), objects (one overwritten, so a
 *   versioned bucket also holds a non-current version) in every bucket named `<prefix>-...`.
 *   Moto refuses DeleteRepository and DeleteBucket while they hold images or objects, so a
 *   destroy that finishes has emptied them. Moto's DeleteService does not refuse a service with
 *   instances (AWS does), so {@link startRecording} / {@link deregisteredInstances} read the
 *   DeregisterInstance calls from moto's request recorder instead (moto's ListOperations drops
 *   instance operations, and /moto-api/data.json fails after a full apply).
 * - {@link leftovers}: everything whose name starts with the prefix, per kind (ECR,
 *   Cloud Map, EFS, AWS Backup, S3, ECS, ELB, SNS, CloudWatch, IAM, logs; EFS access points
 *   and Cloud Map services also without a name).
 *
 * All through boto3 against moto_server (the project has no ECR, Cloud Map or S3 SDK client).
 */
import { boto3Run } from "../../tools/emulator/moto-server";

/** What {@link useInstallation} put into the installation. */
export interface UsedInstallation {
  /** Repository name -> digest of the pushed image. */
  readonly images: Record<string, string>;
  /** Instances registered, with the number of instances the service then listed. */
  readonly instances: { readonly service: string; readonly id: string; readonly listed: number }[];
  /** Buckets written to, with the number of objects and of object versions they then held. */
  readonly buckets: { readonly bucket: string; readonly objects: number; readonly versions: number }[];
}

const USE_PY = String.raw`
import hashlib, json
prefix = sys.argv[3]
out = {"images": {}, "instances": [], "buckets": []}
ecr = c("ecr")
for r in ecr.describe_repositories()["repositories"]:
    name = r["repositoryName"]
    if not name.startswith(prefix + "/"):
        continue
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 2,
                   "digest": "sha256:" + hashlib.sha256(name.encode()).hexdigest()},
        "layers": [],
    })
    image = ecr.put_image(repositoryName=name, imageManifest=manifest, imageTag="used")["image"]
    if not ecr.describe_images(repositoryName=name)["imageDetails"]:
        raise SystemExit("no image listed in " + name + " after PutImage")
    out["images"][name] = image["imageId"]["imageDigest"]
sd = c("servicediscovery")
for s in sd.list_services()["Services"]:
    if not s["Name"].startswith(prefix):
        continue
    iid = "used-" + s["Id"]
    sd.register_instance(ServiceId=s["Id"], InstanceId=iid, Attributes={"AWS_INSTANCE_IPV4": "10.0.0.10", "AWS_INSTANCE_PORT": "8080"})
    out["instances"].append({"service": s["Name"], "id": iid, "listed": len(sd.list_instances(ServiceId=s["Id"])["Instances"])})
s3 = c("s3")
for b in s3.list_buckets()["Buckets"]:
    name = b["Name"]
    if not name.startswith(prefix + "-"):
        continue
    for key, body in (("builds/1.log", b"used"), ("builds/2.log", b"used"), ("builds/1.log", b"used again")):
        s3.put_object(Bucket=name, Key=key, Body=body)
    objects = len(s3.list_objects_v2(Bucket=name).get("Contents", []))
    versions = len(s3.list_object_versions(Bucket=name).get("Versions", []))
    out["buckets"].append({"bucket": name, "objects": objects, "versions": versions})
print(json.dumps(out))
`;

/** Makes the installation of `namePrefix` in the emulator used (see the file comment); returns what it put in. */
export function useInstallation(endpoint: string, region: string, namePrefix: string): UsedInstallation {
  return JSON.parse(boto3Run(endpoint, region, USE_PY, [namePrefix])) as UsedInstallation;
}

const LEFT_PY = String.raw`
import json
prefix = sys.argv[3]
left = {}
def put(kind, names, any_name=False):
    names = sorted(n for n in names if any_name or n.lstrip("/").startswith(prefix))
    if names:
        left[kind] = names
ecr = c("ecr")
put("ecr:repository", [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]])
sd = c("servicediscovery")
put("servicediscovery:namespace", [n["Name"] for n in sd.list_namespaces()["Namespaces"]])
put("servicediscovery:service", [s["Name"] for s in sd.list_services()["Services"]], any_name=True)
efs = c("efs")
put("efs:file-system", [f["CreationToken"] for f in efs.describe_file_systems()["FileSystems"]] + [f.get("Name", "") for f in efs.describe_file_systems()["FileSystems"]])
put("efs:access-point", [a["AccessPointId"] for a in efs.describe_access_points()["AccessPoints"]], any_name=True)
bk = c("backup")
put("backup:vault", [v["BackupVaultName"] for v in bk.list_backup_vaults()["BackupVaultList"]])
put("backup:plan", [p["BackupPlanName"] for p in bk.list_backup_plans()["BackupPlansList"]])
put("s3:bucket", [b["Name"] for b in c("s3").list_buckets()["Buckets"]])
ecs = c("ecs")
arns = ecs.list_clusters()["clusterArns"]
put("ecs:cluster", [x["clusterName"] for x in ecs.describe_clusters(clusters=arns)["clusters"] if x["status"] == "ACTIVE"] if arns else [])
# (moto's ListTaskDefinitionFamilies(status=ACTIVE) still lists families whose revisions are all inactive)
put("ecs:task-definition-family", [a.split("/")[-1].rsplit(":", 1)[0] for a in ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"]])
elb = c("elbv2")
put("elbv2:load-balancer", [l["LoadBalancerName"] for l in elb.describe_load_balancers()["LoadBalancers"]])
put("elbv2:target-group", [t["TargetGroupName"] for t in elb.describe_target_groups()["TargetGroups"]])
put("sns:topic", [t["TopicArn"].split(":")[-1] for t in c("sns").list_topics()["Topics"]])
put("cloudwatch:alarm", [a["AlarmName"] for a in c("cloudwatch").describe_alarms()["MetricAlarms"]])
put("iam:role", [r["RoleName"] for r in c("iam").list_roles()["Roles"]])
put("logs:log-group", [g["logGroupName"] for g in c("logs").describe_log_groups()["logGroups"]])
print(json.dumps(left))
`;

/**
 * What is left in the emulator of the installation of `namePrefix`: kind -> names starting with
 * the prefix (or, for unnamed kinds, any), for the kinds that hold any.
 */
export function leftovers(endpoint: string, region: string, namePrefix: string): Record<string, string[]> {
  return JSON.parse(boto3Run(endpoint, region, LEFT_PY, [namePrefix])) as Record<string, string[]>;
}

async function recorder(endpoint: string, action: string): Promise<string> {
  const r = await fetch(`${endpoint}/moto-api/recorder/${action}`, { method: action === "download-recording" ? "GET" : "POST" });
  if (!r.ok) throw new Error(`moto recorder ${action}: HTTP ${r.status}`);
  return r.text();
}

/** Starts moto's request recorder afresh (it writes next to moto's log, see MotoServer.start). */
export async function startRecording(endpoint: string): Promise<void> {
  await recorder(endpoint, "reset-recording");
  await recorder(endpoint, "start-recording");
}

/** Stops the recorder and returns the instance ids of the Cloud Map DeregisterInstance calls it recorded. */
export async function deregisteredInstances(endpoint: string): Promise<string[]> {
  await recorder(endpoint, "stop-recording");
  const ids: string[] = [];
  for (const line of (await recorder(endpoint, "download-recording")).split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { headers: Record<string, string>; body?: string; body_encoded?: boolean };
    const target = Object.entries(entry.headers).find(([k]) => k.toLowerCase() === "x-amz-target")?.[1] ?? "";
    if (!target.endsWith(".DeregisterInstance")) continue;
    const body = entry.body_encoded ? Buffer.from(entry.body ?? "", "base64").toString("utf8") : (entry.body ?? "");
    ids.push((JSON.parse(body) as { InstanceId: string }).InstanceId);
  }
  return ids.sort();
}
