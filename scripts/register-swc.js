// Minimal require hook: strips TypeScript types with @swc/core (no type check).
// The synth hot path uses this instead of ts-node; `npm run typecheck` runs tsc separately.
"use strict";
const fs = require("fs");
const Module = require("module");
const { transformSync } = require("@swc/core");

const options = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
  swcrc: false,
  configFile: false,
};

Module._extensions[".ts"] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const { code } = transformSync(source, { ...options, filename });
  module._compile(code, filename);
};
