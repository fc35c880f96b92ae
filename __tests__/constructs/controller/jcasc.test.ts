import { spawnSync } from "child_process";
import { gunzipSync } from "zlib";
import { parse } from "yaml";
import { jcascDocument, jcascYaml, JCASC_ENV } from "../../../lib/constructs/controller/jcasc";
import { byId, configWith, JsonBlock, project, synthJson } from "../../support/project";

type Cloud = { ecs: JsonBlock };
const clouds = (yaml: string): Cloud[] => parse(yaml).jenkins.clouds;
const cloud = (yaml: string, name: string) => clouds(yaml).find((c) => c.ecs.name === name)!.ecs;

describe("JCasC generated from the configuration", () => {
  const yaml = jcascYaml(configWith());

  test("two clouds: fargate and fargate-spot, on their own clusters", () => {
    expect(clouds(yaml).map((c) => c.ecs.name)).toEqual(["fargate", "fargate-spot"]);
    expect(cloud(yaml, "fargate").cluster).toBe("${AGENT_CLUSTER_FARGATE_ARN}");
    expect(cloud(yaml, "fargate-spot").cluster).toBe("${AGENT_CLUSTER_SPOT_ARN}");
  });

  test("each cloud has tunnel, jenkinsUrl, regionName, retentionTimeout, maxAgents and uses the task role", () => {
    for (const name of ["fargate", "fargate-spot"]) {
      expect(cloud(yaml, name)).toMatchObject({
        tunnel: "${JENKINS_TUNNEL}",
        jenkinsUrl: "${JENKINS_AGENT_URL}",
        regionName: "${AWS_REGION}",
        retentionTimeout: 5,
        slaveTimeoutInSeconds: 300,
        maxAgents: 10,
        credentialsId: "",
      });
    }
  });

  test("spot templates ask for FARGATE_SPOT through capacityProviderStrategies, never launchType", () => {
    const [t] = cloud(yaml, "fargate-spot").templates;
    expect(t.capacityProviderStrategies).toEqual([{ provider: "FARGATE_SPOT", base: 0, weight: 1 }]);
    expect(t.launchType).toBeUndefined();
    const [od] = cloud(yaml, "fargate").templates;
    expect(od.capacityProviderStrategies).toEqual([{ provider: "FARGATE", base: 0, weight: 1 }]);
    expect(yaml).not.toMatch(/launchType/);
  });

  test("templates carry subnets, security groups, roles, awslogs, cpu and task memory (memory, never memoryReservation)", () => {
    const [t] = cloud(yaml, "fargate").templates;
    expect(t).toMatchObject({
      label: "build-example",
      templateName: "build-example",
      // The default image as the stack serves it (its ECR mirror), filled in from the environment.
      image: "${AGENT_DEFAULT_IMAGE}",
      cpu: 1024,
      memory: 2048,
      networkMode: "awsvpc",
      subnets: "${AGENT_SUBNETS}",
      securityGroups: "${AGENT_SECURITY_GROUPS}",
      executionRole: "${AGENT_EXECUTION_ROLE_ARN}",
      assignPublicIp: false,
      logDriver: "awslogs",
      operatingSystemFamily: "LINUX",
    });
    expect(t.memoryReservation).toBeUndefined();
    expect(t.logDriverOptions).toEqual([
      { name: "awslogs-group", value: "${AGENT_LOG_GROUP}" },
      { name: "awslogs-region", value: "${AWS_REGION}" },
      { name: "awslogs-stream-prefix", value: "build-example" },
    ]);
    expect(t.taskrole).toBeUndefined();
  });

  test("a template with a task policy gets `taskrole` (lower-case r) from its own env var", () => {
    const y = jcascYaml(
      configWith({
        agents: {
          templates: [{ label: "deploy-prod", taskPolicy: { Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b" }] } }],
        },
      }),
    );
    // The role is named <prefix>-agent-<label>; one placeholder holds the ARN up to the label.
    expect(cloud(y, "fargate").templates[0].taskrole).toBe("${AGENT_TASK_ROLE_ARN_PREFIX}deploy-prod");
  });

  test("pipelines may not override image or roles", () => {
    expect(cloud(yaml, "fargate").allowedOverrides).toBe("inheritFrom,label,cpu,memory");
  });

  test("admin user from the injected secret; no anonymous read; controller runs no builds", () => {
    const doc = parse(yaml);
    expect(doc.jenkins.securityRealm.local.users).toEqual([{ id: "${JENKINS_ADMIN_USER}", password: "${JENKINS_ADMIN_PASSWORD}" }]);
    expect(doc.jenkins.authorizationStrategy).toEqual({ loggedInUsersCanDoAnything: { allowAnonymousRead: false } });
    expect(doc.jenkins.numExecutors).toBe(0);
    expect(doc.jenkins.slaveAgentPort).toBe(50000);
    expect(doc.unclassified.location.url).toBe("${JENKINS_URL}");
  });

  test("two example jobs: critical on fargate, interruption-tolerant with retry on fargate-spot, SNS on failure", () => {
    const script: string = parse(yaml).jobs[0].script;
    expect(script).toMatch(/pipelineJob\('simple-job-critical-task'\)[\s\S]*inheritFrom 'build-example' \}/);
    expect(script).toMatch(
      /pipelineJob\('simple-job-non-critical-task'\)[\s\S]*inheritFrom 'build-example-spot'[\s\S]*retry\(conditions: \[agent\(\), nonresumable\(\)\], count: 3\)/,
    );
    expect(script.match(/snsPublish\(topicArn: env.ALERTS_TOPIC_ARN/g)).toHaveLength(2);
    // JCasC would try to resolve ${...} inside job scripts.
    expect(script).not.toContain("${");
  });

  test("every `sh` step of the example jobs is valid POSIX shell", () => {
    const script: string = parse(yaml).jobs[0].script;
    const commands = [...script.matchAll(/sh '([^']*)'/g)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const c of commands) expect([c, spawnSync("/bin/sh", ["-n", "-c", c]).status]).toEqual([c, 0]);
  });

  test("no spot cloud when the spot cluster is off", () => {
    const doc = jcascDocument(configWith({ agents: { spotCluster: false, templates: [{ label: "only" }] } }));
    expect((doc.jenkins as { clouds: Cloud[] }).clouds.map((c) => c.ecs.name)).toEqual(["fargate"]);
  });
});

describe("JCasC reaches the controller", () => {
  const { jenkins } = project();
  const json = synthJson(jenkins);
  const [container] = JSON.parse(byId(json, "aws_ecs_task_definition", "Controller").container_definitions);
  const env = Object.fromEntries(container.environment.map((e: { name: string; value: string }) => [e.name, e.value]));

  test("the YAML is in the task definition (gzip, base64) and materialized by the entry point", () => {
    expect(gunzipSync(Buffer.from(env.CASC_YAML_GZIP_BASE64, "base64")).toString("utf8")).toBe(jenkins.jcasc);
    expect(env.CASC_YAML_BASE64).toBeUndefined();
    expect(container.entryPoint.join(" ")).toContain('base64 -d | gunzip -c > "$CASC_JENKINS_CONFIG"');
    expect(env.CASC_JENKINS_CONFIG).toBe("/var/jenkins_home/casc.d/jenkins.yaml");
  });

  test("every placeholder in the YAML is set in the container environment or secrets", () => {
    const placeholders = [...new Set([...jenkins.jcasc.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]))];
    const secrets = container.secrets.map((s: { name: string }) => s.name);
    for (const p of placeholders) expect([p, Object.keys(env).includes(p) || secrets.includes(p)]).toEqual([p, true]);
    expect(env[JCASC_ENV.fargateClusterArn]).toMatch(/aws_ecs_cluster\.Agents_FargateCluster.*\.arn/);
    expect(env[JCASC_ENV.spotClusterArn]).toMatch(/aws_ecs_cluster\.Agents_SpotCluster.*\.arn/);
    expect(env[JCASC_ENV.tunnel]).toBe("jenkins.jenkins.internal:50000");
    expect(env[JCASC_ENV.agentJenkinsUrl]).toBe("http://jenkins.jenkins.internal:8080/");
  });

  test("a configuration change changes the task definition (and so redeploys the controller)", () => {
    const other = synthJson(project(configWith({ agents: { maxAgents: 20 } })).jenkins);
    expect(byId(other, "aws_ecs_task_definition", "Controller").container_definitions).not.toBe(
      byId(json, "aws_ecs_task_definition", "Controller").container_definitions,
    );
  });
});
