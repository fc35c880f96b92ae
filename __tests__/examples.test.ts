/**
 * The example configurations, the workstation life cycle (npm scripts, stack order) and the
 * pipeline package.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadConfigFile } from "../lib/config/load-config";
import { offlineCheck } from "../scripts/offline-terraform";
import { packageStack } from "../scripts/package-stack";
import { ROOT, synthToDir } from "./support/project";
import { describeTerraform } from "./support/terraform";

const EXAMPLES = path.join(ROOT, "examples", "vars");
const exampleFiles = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json"));

describe("example configurations", () => {
  test.each(exampleFiles)("%s is valid and synthesizes both stacks", (file) => {
    const config = loadConfigFile(path.join(EXAMPLES, file));
    const { jenkinsDir, stateDir } = synthToDir(config);
    expect(fs.existsSync(path.join(jenkinsDir, "cdk.tf.json"))).toBe(true);
    expect(fs.existsSync(path.join(stateDir, "cdk.tf.json"))).toBe(true);
  });
});

describeTerraform("example configurations with terraform", () => {
  test.each(exampleFiles)("%s: jenkins stack validates and plans offline", (file) => {
    const config = loadConfigFile(path.join(EXAMPLES, file));
    const { jenkinsDir } = synthToDir(config);
    const vars: Record<string, string> = config.controller.adminPassword.create ? { jenkins_admin_password: "an-example-password" } : {};
    const { validate, plan } = offlineCheck(jenkinsDir, { plan: true, vars });
    expect(validate.diagnostics).toEqual([]);
    expect((plan!.resource_changes ?? []).length).toBeGreaterThan(50);
  });
});

describe("workstation life cycle", () => {
  const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;

  test("the jenkins stack depends on the state stack, so `cdktf deploy '*'` runs state first and destroy runs it last", () => {
    const { outdir } = synthToDir();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    expect(manifest.stacks.jenkins.dependencies).toEqual(["state"]);
    expect(manifest.stacks.state.dependencies).toEqual([]);
  });

  test("npm scripts: bootstrap before deploy, destroy Jenkins before state", () => {
    expect(scripts.bootstrap).toMatch(/cdktf deploy state\b/);
    expect(scripts.deploy).toMatch(/cdktf deploy jenkins\b/);
    expect(scripts["deploy:all"]).toMatch(/cdktf deploy '\*'/);
    expect(scripts.diff).toMatch(/cdktf diff jenkins/);
    expect(scripts.output).toMatch(/cdktf output jenkins/);
    expect(scripts.destroy).toMatch(/cdktf destroy jenkins\b/);
    expect(scripts.destroy).not.toMatch(/\bstate\b/);
    expect(scripts["destroy:state"]).toMatch(/cdktf destroy state\b/);
    expect(scripts["state:migrate"]).toMatch(/cdktf deploy state .*--migrate-state/);
  });

  test("the two set-up commands of the README exist", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("npm install && npm run synth");
    expect(readme).toContain("npm test");
    expect(scripts.synth).toMatch(/cdktf synth/);
    expect(scripts.test).toMatch(/jest/);
  });
});

describe("pipeline package", () => {
  test("package:stack writes a versioned archive with the stack, its assets and a manifest of hashes", () => {
    const { outdir } = synthToDir();
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), "dist-"));
    const { archive, manifest } = packageStack("jenkins", outdir, dist);
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
    expect(path.basename(archive)).toMatch(new RegExp(`^jenkins-${version.replace(/\./g, "\\.")}(-[0-9a-f]{12})?\\.tar\\.gz$`));
    const listing = execFileSync("tar", ["-tzf", archive], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(listing).toEqual(expect.arrayContaining(["jenkins/cdk.tf.json", "jenkins/PACKAGE.json"]));
    expect(listing.some((f) => f.endsWith("/jenkins.yaml"))).toBe(true);
    expect(listing.some((f) => f.includes(".terraform") || f.endsWith(".tfstate"))).toBe(false);
    expect(Object.keys(manifest.files)).toContain("cdk.tf.json");
  });

  test("a missing synth is a clear error", () => {
    expect(() => packageStack("jenkins", fs.mkdtempSync(path.join(os.tmpdir(), "empty-")))).toThrow(/run `npm run synth` first/);
  });
});
