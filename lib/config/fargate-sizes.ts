/**
 * The task sizes AWS Fargate accepts (Linux), as CPU units -> allowed memory in MiB.
 * Source: "Amazon ECS task definition parameters for Fargate", task size table.
 */
const RANGES: ReadonlyArray<{ cpu: number; min: number; max: number; step: number }> = [
  { cpu: 256, min: 512, max: 2048, step: 512 },
  { cpu: 512, min: 1024, max: 4096, step: 1024 },
  { cpu: 1024, min: 2048, max: 8192, step: 1024 },
  { cpu: 2048, min: 4096, max: 16384, step: 1024 },
  { cpu: 4096, min: 8192, max: 30720, step: 1024 },
  { cpu: 8192, min: 16384, max: 61440, step: 4096 },
  { cpu: 16384, min: 32768, max: 122880, step: 8192 },
];

/** CPU units Fargate accepts for a task. */
export const FARGATE_CPU_VALUES: readonly number[] = RANGES.map((r) => r.cpu);

/** Memory values (MiB) Fargate accepts for the given CPU units; empty if the CPU value is invalid. */
export function fargateMemoryFor(cpu: number): number[] {
  // 256 CPU units allow 512, 1024 and 2048 only.
  if (cpu === 256) return [512, 1024, 2048];
  const range = RANGES.find((r) => r.cpu === cpu);
  if (!range) return [];
  const values: number[] = [];
  for (let m = range.min; m <= range.max; m += range.step) values.push(m);
  return values;
}

/** Whether `cpu`/`memory` is a task size Fargate accepts. */
export function isValidFargateSize(cpu: number, memory: number): boolean {
  return fargateMemoryFor(cpu).includes(memory);
}

/** A human-readable description of the memory values allowed for `cpu`, for error messages. */
export function describeFargateMemory(cpu: number): string {
  if (cpu === 256) return "512, 1024 or 2048";
  const range = RANGES.find((r) => r.cpu === cpu);
  if (!range) return `none (cpu must be one of ${FARGATE_CPU_VALUES.join(", ")})`;
  return `${range.min}..${range.max} in steps of ${range.step}`;
}
