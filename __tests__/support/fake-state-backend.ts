/**
 * Test support: just enough of S3 (path style) and DynamoDB on 127.0.0.1 for Terraform's S3
 * backend to init, read an empty state, lock and unlock it, so a pipeline's
 * `terraform init -backend-config=...` and `plan` run offline. Objects and lock items are
 * kept in memory; every request is recorded for assertions.
 */
import * as http from "http";
import type { AddressInfo } from "net";

/** One request the fake answered. */
export interface FakeBackendRequest {
  readonly service: "s3" | "dynamodb";
  readonly method: string;
  /** S3: `/<bucket>[/<key>]`; DynamoDB: the operation (`PutItem`, ...). */
  readonly target: string;
  /** S3 query string; DynamoDB: the table name. */
  readonly detail: string;
}

/** A running fake S3 + DynamoDB endpoint. */
export interface FakeStateBackend {
  readonly endpoint: string;
  readonly requests: FakeBackendRequest[];
  /** Objects by `/<bucket>/<key>`. */
  readonly objects: Map<string, Buffer>;
  /**
   * Terraform S3 backend settings that point it at this endpoint (a `.tfbackend` file's
   * content); a test passes it as one more `-backend-config=<file>`.
   */
  readonly backendConfig: string;
  close(): Promise<void>;
}

function xml(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

/** Starts the fake on a free port. */
export async function startFakeStateBackend(): Promise<FakeStateBackend> {
  const requests: FakeBackendRequest[] = [];
  const objects = new Map<string, Buffer>();
  const items = new Map<string, unknown>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const amzTarget = req.headers["x-amz-target"];
      if (typeof amzTarget === "string" && amzTarget.startsWith("DynamoDB_")) {
        const op = amzTarget.split(".")[1];
        const input = JSON.parse(body.toString("utf8") || "{}") as {
          TableName?: string;
          Item?: Record<string, { S?: string }>;
          Key?: Record<string, { S?: string }>;
        };
        requests.push({ service: "dynamodb", method: req.method ?? "", target: op, detail: input.TableName ?? "" });
        const id = `${input.TableName}/${(input.Item ?? input.Key)?.LockID?.S}`;
        let out: unknown = {};
        if (op === "PutItem") items.set(id, input.Item);
        else if (op === "DeleteItem") items.delete(id);
        else if (op === "GetItem") out = items.has(id) ? { Item: items.get(id) } : {};
        res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify(out));
        return;
      }
      const url = new URL(req.url ?? "/", "http://fake");
      const [, bucket, ...rest] = url.pathname.split("/");
      const key = rest.join("/");
      requests.push({ service: "s3", method: req.method ?? "", target: url.pathname, detail: url.search });
      const id = `/${bucket}/${decodeURIComponent(key)}`;
      if (!key) {
        if (req.method === "GET" && url.searchParams.has("list-type")) {
          const prefix = url.searchParams.get("prefix") ?? "";
          const keys = [...objects.keys()].filter((k) => k.startsWith(`/${bucket}/${prefix}`)).map((k) => k.slice(bucket.length + 2));
          xml(
            res,
            200,
            `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${prefix}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${keys.map((k) => `<Contents><Key>${k}</Key><Size>${objects.get(`/${bucket}/${k}`)!.length}</Size></Contents>`).join("")}</ListBucketResult>`,
          );
          return;
        }
        // HeadBucket, GetBucketLocation, ...: the bucket exists.
        xml(res, 200, "<LocationConstraint/>");
        return;
      }
      if (req.method === "PUT") {
        objects.set(id, body);
        res.writeHead(200, { etag: '"fake"' });
        res.end();
        return;
      }
      if (req.method === "DELETE") {
        objects.delete(id);
        res.writeHead(204);
        res.end();
        return;
      }
      const obj = objects.get(id);
      if (!obj) {
        if (req.method === "HEAD") {
          res.writeHead(404);
          res.end();
        } else xml(res, 404, `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key></Error>`);
        return;
      }
      res.writeHead(200, { "content-length": obj.length, etag: '"fake"' });
      res.end(req.method === "HEAD" ? undefined : obj);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const backendConfig = [
    `endpoints = { s3 = "${endpoint}", dynamodb = "${endpoint}" }`,
    "use_path_style              = true",
    "skip_credentials_validation = true",
    "skip_requesting_account_id  = true",
    "skip_metadata_api_check     = true",
    'access_key                  = "fake-backend-access-key"',
    'secret_key                  = "fake-backend-secret-key"',
    "",
  ].join("\n");
  return {
    endpoint,
    requests,
    objects,
    backendConfig,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
