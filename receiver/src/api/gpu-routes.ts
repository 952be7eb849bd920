// GET /api/gpu: devices, the newest samples, history and GPU processes. Mounted inside the API
// router, so the Host check and headers of /api apply.
import express, { type Request, type Response, type Router } from 'express';
import type { ApiError, GpuResponse } from '../contract/api';
import type { GpuService } from '../gpu/gpu-service';

/** Epoch milliseconds or an ISO date; undefined when absent. */
function sinceParam(v: unknown): number | undefined | Error {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') return new Error('since must be given once');
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(n) ? n : new Error(`since must be epoch milliseconds or an ISO date, got "${v}"`);
}

export function gpuRouter(gpu: GpuService): Router {
  const router = express.Router();
  router.get('/gpu', (req: Request, res: Response) => {
    const since = sinceParam(req.query.since);
    if (since instanceof Error) {
      const body: ApiError = { error: since.message };
      res.status(400).json(body);
      return;
    }
    const body: GpuResponse = gpu.response(since);
    res.json(body);
  });
  return router;
}
