/**
 * Monthly cost estimate of the configured stacks (`npm run cost`), from the price table in
 * tools/cost/prices.ts. Synthesizes the project in-process (usual vars file resolution) and
 * counts what the stacks contain; usage comes from the flags below (defaults: tools/cost/estimate.ts).
 *
 *   npm run cost -- [--region eu-central-1] [--agent-hours-fargate 40] [--agent-hours-spot 160]
 *                   [--agent-cpu 1024] [--agent-memory 2048] [--efs-gb 20] [--efs-ia-percent 50]
 *                   [--efs-read-gb 30] [--efs-write-gb 15] [--backup-warm-gb 25] [--backup-cold-gb 40]
 *                   [--nat-gb 30] [--alb-lcu 0.2] [--logs-gb 3] [--flow-logs-gb 5] [--ecr-gb 1.5]
 *                   [--image-builds 2] [--alerts 50] [--agent-starts-per-day 100] [--agent-image-gb 0.2] [--json]
 */
import { defaultUsage, estimateCost, formatEstimate, stackFacts, Usage } from "./estimate";
import { UnknownRegionError } from "./prices";
import { synthesizeProject } from "../synth/synth-temp";

const NUMERIC_FLAGS: Readonly<Record<string, keyof Usage | "agentCpu" | "agentMemory">> = {
  "--agent-hours-fargate": "agentHoursOnDemand",
  "--agent-hours-spot": "agentHoursSpot",
  "--agent-cpu": "agentCpu",
  "--agent-memory": "agentMemory",
  "--efs-gb": "efsGb",
  "--efs-ia-percent": "efsIaPercent",
  "--efs-read-gb": "efsReadGb",
  "--efs-write-gb": "efsWriteGb",
  "--backup-warm-gb": "backupWarmGb",
  "--backup-cold-gb": "backupColdGb",
  "--nat-gb": "natGb",
  "--alb-lcu": "albLcu",
  "--logs-gb": "logsGb",
  "--flow-logs-gb": "flowLogsGb",
  "--ecr-gb": "ecrGb",
  "--image-builds": "imageBuilds",
  "--alerts": "alertsPerMonth",
  "--agent-starts-per-day": "agentStartsPerDay",
  "--agent-image-gb": "agentImageGb",
};

function usage(): string {
  return `usage: cost.ts [--region <region>] ${Object.keys(NUMERIC_FLAGS)
    .map((f) => `[${f} N]`)
    .join(" ")} [--json]\n`;
}

function main(argv: string[]): number {
  const numbers: Record<string, number> = {};
  let region: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    if (flag === "--json") {
      json = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (flag === "--region") {
      region = value;
      continue;
    }
    const key = NUMERIC_FLAGS[flag];
    const n = Number(value);
    if (!key || value === undefined || !Number.isFinite(n) || n < 0) {
      process.stderr.write(`${key ? `${flag} needs a number >= 0, got ${value}` : `unknown argument ${argv[i]}`}\n${usage()}`);
      return 2;
    }
    numbers[key] = n;
  }

  const project = synthesizeProject();
  const { config } = project;
  const base = defaultUsage(config);
  const { agentCpu, agentMemory, ...rest } = numbers;
  const resize = <T extends { cpu: number; memory: number }>(s: T): T => ({ ...s, cpu: agentCpu ?? s.cpu, memory: agentMemory ?? s.memory });
  const use: Usage = { ...base, ...rest, agentSizeOnDemand: resize(base.agentSizeOnDemand), agentSizeSpot: resize(base.agentSizeSpot) };
  const facts = stackFacts([project.jenkins, project.state]);
  try {
    const estimate = estimateCost(config, facts, use, undefined, region ?? config.region);
    if (json) process.stdout.write(`${JSON.stringify({ varsFile: project.varsFile, facts, usage: use, estimate }, null, 2)}\n`);
    else process.stdout.write(`Configuration: ${project.varsFile}\n\n${formatEstimate(estimate)}`);
    return 0;
  } catch (e) {
    if (e instanceof UnknownRegionError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
