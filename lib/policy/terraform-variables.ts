/**
 * Default values of input variables, so the policy pack can evaluate a module directory the
 * way checkov does: checkov renders `var.x` with the variable's default before its checks run
 * (a registry module is scanned with its defaults). Reads `variable "x" { default = ... }`
 * from HCL files (such as the module's generated variables.tf) and `variable` sections from
 * Terraform JSON. Only literal defaults are read (strings, numbers, booleans, null, lists,
 * objects); a default that is an expression is left out, and so stays unknown.
 */

/** A parse failure inside one default value. */
class NotLiteral extends Error {}

/** Recursive-descent reader of one HCL literal value starting at `pos`. */
class LiteralReader {
  constructor(
    private readonly text: string,
    public pos: number,
  ) {}

  private skip(newlines: boolean): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === " " || ch === "\t" || ch === "\r" || (newlines && ch === "\n")) this.pos++;
      else if (ch === "#" || (ch === "/" && this.text[this.pos + 1] === "/")) {
        while (this.pos < this.text.length && this.text[this.pos] !== "\n") this.pos++;
      } else return;
    }
  }

  public value(): unknown {
    this.skip(true);
    const ch = this.text[this.pos];
    if (ch === '"') return this.string();
    if (ch === "[") return this.list();
    if (ch === "{") return this.object();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)(?![\w.])/.exec(this.text.slice(this.pos));
    if (!m) throw new NotLiteral();
    this.pos += m[0].length;
    return m[1] === "true" ? true : m[1] === "false" ? false : m[1] === "null" ? null : Number(m[1]);
  }

  private string(): string {
    let out = "";
    this.pos++;
    for (;;) {
      const ch = this.text[this.pos++];
      if (ch === undefined || ch === "\n") throw new NotLiteral();
      if (ch === '"') return out;
      if (ch === "\\") {
        const e = this.text[this.pos++];
        const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
        if (e in simple) out += simple[e];
        else if (e === "u") {
          out += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + 4), 16));
          this.pos += 4;
        } else throw new NotLiteral();
      } else if ((ch === "$" || ch === "%") && this.text[this.pos] === "{") {
        throw new NotLiteral(); // a template: not a literal
      } else if ((ch === "$" || ch === "%") && this.text[this.pos] === ch && this.text[this.pos + 1] === "{") {
        out += `${ch}{`;
        this.pos += 2;
      } else out += ch;
    }
  }

  private list(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    for (;;) {
      this.skip(true);
      if (this.text[this.pos] === "]") {
        this.pos++;
        return out;
      }
      out.push(this.value());
      this.skip(true);
      if (this.text[this.pos] === ",") this.pos++;
      else if (this.text[this.pos] !== "]") throw new NotLiteral();
    }
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    for (;;) {
      this.skip(true);
      if (this.text[this.pos] === "}") {
        this.pos++;
        return out;
      }
      let key: string;
      if (this.text[this.pos] === '"') key = this.string();
      else {
        const m = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.pos));
        if (!m) throw new NotLiteral();
        key = m[0];
        this.pos += key.length;
      }
      this.skip(false);
      if (this.text[this.pos] !== "=" && this.text[this.pos] !== ":") throw new NotLiteral();
      this.pos++;
      out[key] = this.value();
      this.skip(false);
      if (this.text[this.pos] === ",") this.pos++;
    }
  }
}

/** Literal defaults of the `variable` blocks of an HCL file (variables without one, or with an expression, are absent). */
export function hclVariableDefaults(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const heads = [...text.matchAll(/^variable\s+"([^"]+)"\s*\{/gm)];
  heads.forEach((h, i) => {
    const end = i + 1 < heads.length ? heads[i + 1].index! : text.length;
    const body = text.slice(h.index! + h[0].length, end);
    // A top-level attribute of the block (nested blocks such as validation are indented further).
    const m = /^ {2}default\s*=\s*/m.exec(body);
    if (!m) return;
    try {
      out[h[1]] = new LiteralReader(body, m.index + m[0].length).value();
    } catch (e) {
      if (!(e instanceof NotLiteral)) throw e;
    }
  });
  return out;
}

/** Defaults of the `variable` section of a Terraform JSON configuration object. */
export function jsonVariableDefaults(config: unknown): Record<string, unknown> {
  const section = config && typeof config === "object" ? (config as Record<string, unknown>).variable : undefined;
  const out: Record<string, unknown> = {};
  for (const part of Array.isArray(section) ? section : [section]) {
    if (!part || typeof part !== "object") continue;
    for (const [name, v] of Object.entries(part as Record<string, unknown>)) {
      if (v && typeof v === "object" && "default" in v) out[name] = (v as Record<string, unknown>).default;
    }
  }
  return out;
}
