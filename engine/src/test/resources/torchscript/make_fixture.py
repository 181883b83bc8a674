#!/usr/bin/python3
"""Makes the TorchScript test fixture for Lathe's engine tests. Run it once; its outputs are committed.

What it makes (next to this script):
  fashion_cnn.pt            a tiny CNN for 1x1x28x28 float inputs (Fashion-MNIST sized) with 10 output logits,
                            saved with torch.jit.trace(...).save(); about 80 KB.
  fashion_cnn.expected.txt  the script's own account of the model: torch version, parameter count, every
                            parameter's name and shape, the input recipe and the logits PyTorch computes for it.
                            The Java tests compare DJL's view and DJL's output with these lines.

How to run (Debian 12):
  apt-get install python3-torch
  /usr/bin/python3 engine/src/test/resources/torchscript/make_fixture.py
Use /usr/bin/python3 explicitly: a pyenv or venv python on PATH will not see Debian's torch package.

Running it again gives byte-identical files, as long as the script sits at the same absolute path: TorchScript's
debug records (code/*.debug_pkl) quote the script's path in their trace stacks. Elsewhere only those records
differ; the weights, parameters and logits do not.

The weights are not trained: they come from PyTorch's default initialisation under a fixed seed, and the batch-norm
running statistics from a few training-mode passes over seeded noise, so the file and the logits are reproducible.
The model has a BatchNorm2d so that the fixture carries buffers (running_mean, running_var, num_batches_tracked),
which TorchScript keeps but does not count as parameters.
"""
import os

import torch
from torch import nn

SEED = 20240601
HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "fashion_cnn.pt")
EXPECTED = os.path.join(HERE, "fashion_cnn.expected.txt")


class FashionCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=3),   # 28 -> 26
            nn.BatchNorm2d(8),
            nn.ReLU(),
            nn.MaxPool2d(2),                  # 26 -> 13
            nn.Conv2d(8, 16, kernel_size=3),  # 13 -> 11
            nn.ReLU(),
            nn.MaxPool2d(2),                  # 11 -> 5
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 32),
            nn.ReLU(),
            nn.Linear(32, 10),
        )

    def forward(self, image):
        return self.classifier(self.features(image))


def recipe_input():
    """x[i] = (i % 17) / 17 over the 784 values in row-major order: easy to rebuild exactly in Java."""
    return ((torch.arange(784) % 17).float() / 17.0).reshape(1, 1, 28, 28)


def main():
    torch.manual_seed(SEED)
    model = FashionCnn()
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(torch.rand(16, 1, 28, 28))
    model.eval()

    example = recipe_input()
    traced = torch.jit.trace(model, example)
    traced.save(MODEL)

    reloaded = torch.jit.load(MODEL)
    with torch.no_grad():
        logits = reloaded(example)[0]
        assert torch.allclose(logits, model(example)[0]), "the traced module disagrees with the eager one"

    named = list(reloaded.named_parameters())
    lines = [
        "# Written by make_fixture.py; do not edit by hand.",
        "torch_version " + torch.__version__,
        "seed " + str(SEED),
        "parameters " + str(sum(p.numel() for _, p in named)),
        "parameter_bytes " + str(sum(p.numel() * p.element_size() for _, p in named)),
    ]
    lines += ["parameter %s %s" % (name, "x".join(str(d) for d in p.shape)) for name, p in named]
    lines += [
        "input_shape 1 1 28 28",
        "input_recipe x[i] = (i % 17) / 17 for i in 0..783, row-major, float32",
        "logits " + " ".join(repr(float(v)) for v in logits),
    ]
    with open(EXPECTED, "w") as out:
        out.write("\n".join(lines) + "\n")
    print("wrote %s (%d bytes) and %s" % (MODEL, os.path.getsize(MODEL), EXPECTED))


if __name__ == "__main__":
    main()
