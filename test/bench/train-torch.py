"""PyTorch reference for `npm run bench:train`: one training step of a DiT of the tiny preset's
generator size (width 128, 6 blocks, 4 heads, MLP x4, adaptive LayerNorm modulation), on the
tiny pretraining sequence (440 tokens: 24 caption + 160 memory + 256 target, from cost.ts's
sequenceLayout), batch 4, AdamW, on this machine's CPU threads. Its FLOPs are counted with the
same rule as main/engine/model/cost.ts (matrix products only, a multiply-add counts 2), so the
GFLOP/s figures compare. Prints one JSON line; the TypeScript benchmark runs it.

Usage: python3 test/bench/train-torch.py STEPS BATCH THREADS
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

WIDTH, DEPTH, HEADS, MLP = 128, 6, 4, 4
CAPTION, MEMORY, TARGET = 24, 160, 256
PATCH_VALUES = 8 * 8 * 3


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = torch.nn.Linear(WIDTH, 3 * WIDTH)
        self.proj = torch.nn.Linear(WIDTH, WIDTH)
        self.up = torch.nn.Linear(WIDTH, MLP * WIDTH)
        self.down = torch.nn.Linear(MLP * WIDTH, WIDTH)
        self.modulation = torch.nn.Linear(WIDTH, 6 * WIDTH)

    def forward(self, x, cond):
        shift1, scale1, gate1, shift2, scale2, gate2 = self.modulation(cond).unsqueeze(1).chunk(6, dim=-1)
        b, n, _ = x.shape
        h = F.layer_norm(x, (WIDTH,)) * (1 + scale1) + shift1
        q, k, v = self.qkv(h).view(b, n, 3, HEADS, WIDTH // HEADS).permute(2, 0, 3, 1, 4)
        attention = torch.softmax(q @ k.transpose(-1, -2) / (WIDTH // HEADS) ** 0.5, dim=-1)
        x = x + gate1 * self.proj((attention @ v).transpose(1, 2).reshape(b, n, WIDTH))
        h = F.layer_norm(x, (WIDTH,)) * (1 + scale2) + shift2
        return x + gate2 * self.down(F.gelu(self.up(h)))


class DiT(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Linear(PATCH_VALUES, WIDTH)
        self.time = torch.nn.Sequential(torch.nn.Linear(WIDTH, WIDTH), torch.nn.SiLU(), torch.nn.Linear(WIDTH, WIDTH))
        self.blocks = torch.nn.ModuleList(Block() for _ in range(DEPTH))
        self.final_modulation = torch.nn.Linear(WIDTH, 2 * WIDTH)
        self.out = torch.nn.Linear(WIDTH, PATCH_VALUES)

    def forward(self, context, patches, time_features):
        cond = self.time(time_features)
        x = torch.cat([context, self.embed(patches)], dim=1)
        for block in self.blocks:
            x = block(x, cond)
        shift, scale = self.final_modulation(cond).unsqueeze(1).chunk(2, dim=-1)
        x = F.layer_norm(x[:, -TARGET:], (WIDTH,)) * (1 + scale) + shift
        return self.out(x)


def forward_flops():
    """Per sample, by cost.ts's rule: patch embedding, time MLP, blocks, final modulation, output."""
    tokens = CAPTION + MEMORY + TARGET
    block = 2 * tokens * WIDTH * WIDTH * (4 + 2 * MLP) + 4 * tokens * tokens * WIDTH + 2 * WIDTH * 6 * WIDTH
    return 2 * TARGET * PATCH_VALUES * WIDTH + 2 * 2 * WIDTH * WIDTH + DEPTH * block + 2 * WIDTH * 2 * WIDTH + 2 * TARGET * WIDTH * PATCH_VALUES


def main(steps, batch, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = DiT()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    context = torch.randn(batch, CAPTION + MEMORY, WIDTH)
    patches = torch.randn(batch, TARGET, PATCH_VALUES)
    time_features = torch.randn(batch, WIDTH)
    velocity = torch.randn(batch, TARGET, PATCH_VALUES)

    def step():
        optimizer.zero_grad()
        loss = F.mse_loss(model(context, patches, time_features), velocity)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    step()  # warm-up: allocator and kernel selection
    started = time.perf_counter()
    for _ in range(steps):
        step()
    seconds_per_step = (time.perf_counter() - started) / steps
    gflop_per_sample = 3 * forward_flops() / 1e9
    print(json.dumps({
        "torch": torch.__version__, "threads": threads, "batch": batch, "secondsPerStep": seconds_per_step,
        "samplesPerSecond": batch / seconds_per_step, "gflopPerSample": gflop_per_sample,
        "gflopPerSecond": batch * gflop_per_sample / seconds_per_step,
    }))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
