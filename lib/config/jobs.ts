/**
 * `jobs`: the jobs Jenkins starts with. Pipelines live in git repositories (a multibranch
 * pipeline per repository, or a Job DSL seed job); the two example jobs are optional.
 * Imported by lib/config/schema.ts.
 */
import { z } from "zod";
import { CREDENTIAL_ID, CredentialsConfig } from "./credentials";

/** https://host/path(.git) or git@host:path or ssh://[user@]host[:port]/path. */
export const HTTPS_GIT = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/[A-Za-z0-9._~\-/]+$/;
export const SSH_GIT = /^(git@[A-Za-z0-9.-]+:[A-Za-z0-9._~\-/]+|ssh:\/\/([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+(:\d{1,5})?\/[A-Za-z0-9._~\-/]+)$/;

/** The example jobs' names (a repository job must not take them). */
export const EXAMPLE_JOB_NAMES = ["simple-job-critical-task", "simple-job-non-critical-task"];

const RepositorySchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, "must be 1-63 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit")
      .describe("Name of the Jenkins job created for the repository."),
    url: z
      .string()
      .refine((u) => HTTPS_GIT.test(u) || SSH_GIT.test(u), {
        message: "must be a git URL: https://host/owner/repo.git, git@host:owner/repo.git or ssh://host/owner/repo.git",
      })
      .describe("Clone URL of the repository."),
    credentialsId: z
      .string()
      .regex(CREDENTIAL_ID, "must be a Jenkins credential id: letters, digits, '_', '.' or '-'")
      .optional()
      .describe(
        "Credential (from `credentials.secretsManager`: the secret name without the prefix) used to clone: `usernamePassword` (user + token) for https, `sshUserPrivateKey` for ssh. Unset: a public repository over https.",
      ),
    kind: z
      .enum(["multibranch", "jobDsl"])
      .default("multibranch")
      .describe(
        "`multibranch`: a multibranch pipeline building every branch with a `scriptPath` (Jenkinsfile), sandboxed. `jobDsl`: a seed job running the Job DSL scripts at `scriptPath` on `branch`; an administrator approves each new script version (Job DSL script security stays on).",
      ),
    branch: z
      .string()
      .regex(/^[A-Za-z0-9._\-/]{1,255}$/, "must be a branch name")
      .default("main")
      .describe("`jobDsl`: the branch the seed job reads. `multibranch`: unused (every branch is discovered)."),
    scriptPath: z
      .string()
      .regex(/^[A-Za-z0-9._\-/*]{1,255}$/, "must be a relative path (wildcards allowed for Job DSL)")
      .optional()
      .describe(
        "`multibranch`: path of the pipeline script (default `Jenkinsfile`). `jobDsl`: Ant-style pattern of the Job DSL scripts (default `jobs/**/*.groovy`).",
      ),
    scanIntervalMinutes: z
      .number()
      .int()
      .min(1)
      .max(1440)
      .default(15)
      .describe("Minutes between scans of the repository (a webhook triggers builds at once; scanning catches missed ones)."),
  })
  .strict();

export const JobsSchema = z
  .object({
    examples: z.boolean().optional().describe("Create the two example jobs. Unset: on when no repository is given, off otherwise."),
    repositories: z.array(RepositorySchema).default([]).describe("Repositories whose pipelines Jenkins builds: one job per repository, managed in code."),
  })
  .strict()
  .describe("Jobs Jenkins starts with.");

export type JobsConfig = z.output<typeof JobsSchema>;
export type RepositoryConfig = JobsConfig["repositories"][number];

/** Whether the example jobs are created. */
export function exampleJobsEnabled(jobs: { readonly examples?: boolean; readonly repositories: readonly unknown[] }): boolean {
  return jobs.examples ?? jobs.repositories.length === 0;
}

/** The pipeline script path or Job DSL pattern of a repository, defaults applied. */
export function repositoryScriptPath(r: { readonly kind: RepositoryConfig["kind"]; readonly scriptPath?: string }): string {
  return r.scriptPath ?? (r.kind === "jobDsl" ? "jobs/**/*.groovy" : "Jenkinsfile");
}

type Issue = (path: (string | number)[], message: string) => void;

/** Cross-field rules of `jobs`. */
export function jobsProblems(jobs: JobsConfig, credentials: CredentialsConfig, issue: Issue): void {
  const names = jobs.repositories.map((r) => r.name);
  jobs.repositories.forEach((r, i) => {
    const p = (...rest: (string | number)[]) => ["jobs", "repositories", i, ...rest];
    if (names.indexOf(r.name) !== i) issue(p("name"), "duplicate job name; each repository needs its own");
    if (EXAMPLE_JOB_NAMES.includes(r.name) && exampleJobsEnabled(jobs))
      issue(p("name"), "is an example job's name; choose another or set jobs.examples to false");
    if (SSH_GIT.test(r.url) && !r.credentialsId) issue(p("credentialsId"), `${r.url} is an ssh URL; give the id of an sshUserPrivateKey credential`);
    if (r.credentialsId && !credentials.secretsManager.enabled)
      issue(p("credentialsId"), "must be a credential from Secrets Manager, but credentials.secretsManager.enabled is false");
    if (r.kind === "multibranch" && r.scriptPath?.includes("*"))
      issue(p("scriptPath"), "a multibranch pipeline reads one script; wildcards only with kind jobDsl");
    if (r.scriptPath?.startsWith("/") || r.scriptPath?.split("/").includes("..")) issue(p("scriptPath"), "must be relative to the repository root, without ..");
  });
}
