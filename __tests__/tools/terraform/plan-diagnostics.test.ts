/**
 * diagnosticsFromJsonLines: what offlineCheck reports as the diagnostics of a planned stack when
 * it skips the separate validate. Run on a real `terraform plan -json` of a configuration that
 * needs no provider download (terraform_data is built in), with and without a warning.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diagnosticsFromJsonLines, terraform } from "../../../tools/terraform/offline-terraform";

function planJsonLines(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diagnostics-"));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const init = terraform(dir, ["init", "-input=false", "-no-color"]);
    expect(init.status).toBe(0);
    return terraform(dir, ["plan", "-json", "-input=false", "-no-color"]).stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const MAIN = JSON.stringify({ resource: { terraform_data: { marker: { input: "x" } } } });

test("a clean plan has no diagnostics", () => {
  expect(diagnosticsFromJsonLines(planJsonLines({ "main.tf.json": MAIN }))).toEqual([]);
});

test("a plan's warning is reported with its severity and summary", () => {
  const diagnostics = diagnosticsFromJsonLines(planJsonLines({ "main.tf.json": MAIN, "terraform.tfvars": 'not_declared = "x"\n' }));
  expect(diagnostics).toEqual([expect.objectContaining({ severity: "warning", summary: "Value for undeclared variable" })]);
});
