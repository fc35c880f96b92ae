/**
 * `npm run build:module`: writes the Terraform registry module to
 * dist/terraform-aws-serverless-jenkins/ and dist/terraform-aws-serverless-jenkins-<version>.tar.gz.
 *
 *   node -r ./scripts/register-swc.js scripts/build-module.ts [--out <dir>]
 */
import * as path from "path";
import { buildModule } from "../lib/module/package-module";

function main(argv: string[]): number {
  let out = path.resolve(__dirname, "..", "dist");
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out" && argv[i + 1]) out = path.resolve(argv[++i]);
    else {
      process.stderr.write(`unknown argument ${argv[i]}\nusage: build-module.ts [--out <dir>]\n`);
      return 2;
    }
  }
  const t0 = Date.now();
  const build = buildModule({ outDir: out });
  const rel = (p: string) => path.relative(process.cwd(), p) || ".";
  process.stdout.write(
    `${rel(build.dir)}/ (${build.files.length} files) and ${rel(build.archive)}, version ${build.version}, in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}

process.exit(main(process.argv.slice(2)));
