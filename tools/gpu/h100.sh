#!/usr/bin/env bash
# What a session that is lent the H100 runs, in few device calls (each under the 10-minute limit).
# Here, first:   ../shared/gpu/bundle.sh          (online once: it fetches JUnit's console launcher)
#                rm -f .gpu/lib/openblas-*-linux-x86_64.jar   (19 MB, the CPU benchmarks' yardstick: keeps the carry
#                                                              under the 64 MiB limit; measured 46 MiB + 11 MiB tree)
#                tar -cJf .gpu/monai.txz -C /work/ref/MONAI monai   (MONAI is pure Python; ~2 MB packed)
#                The spleen pipeline also needs nibabel >= 5.3 (numpy 2 on the host) as .gpu/nibabel.txz the same way.
# Then `run` (carry [".gpu"]) each of:
#   bash tools/gpu/h100.sh tests    every test on the real GPU: the conformance kit on cuda:0, the @Tag("gpu") tests
#                                   (the 10,000-step memory loop), CUDA training/transforms/inference vs the CPU
#   bash tools/gpu/h100.sh bench    CudaBench (JMH) and PyTorch's bench_cuda.py, same GPU, same session
#   bash tools/gpu/h100.sh demo     MONAI's 3D UNet example (benchmarks/monai/unet_demo.py --config monai) and
#                                   ./axial demo --config monai --device cuda, one after the other (issue 5)
#   bash tools/gpu/h100.sh pipeline MONAI's spleen pipeline on one CPU thread, then Axial's (issue 7)
# Everything goes to $OUT (the device tool brings it back): logs, JUnit reports, timings.
set -uo pipefail
cd "$(dirname "$0")/../.."
py=/tmp/gpu-py
mkdir -p "$py"
for t in .gpu/monai.txz .gpu/nibabel.txz; do [ -f "$t" ] && tar -C "$py" -xJf "$t"; done
out=${OUT:-/tmp/h100-out}
mkdir -p "$out"
nvidia-smi > "$out/nvidia-smi.txt" 2>&1
case "${1:-tests}" in
  tests)
    bash .gpu/run.sh main dev.axial.cli.Main info > "$out/info.txt" 2>&1
    bash .gpu/run.sh test --reports-dir "$out/junit" > "$out/tests.log" 2>&1
    echo "rc=$?" >> "$out/tests.log"; tail -40 "$out/tests.log" ;;
  bench)
    bash .gpu/run.sh jmh CudaBench -f 1 -wi 3 -i 5 -rf json -rff "$out/cudabench.json" > "$out/cudabench.log" 2>&1
    python3 benchmarks/torch/bench_cuda.py > "$out/torch_cuda.txt" 2>&1
    tail -30 "$out/cudabench.log"; cat "$out/torch_cuda.txt" ;;
  demo)
    PYTHONPATH=$py timeout 280 python3 benchmarks/monai/unet_demo.py --config monai --device cuda > "$out/monai_demo.txt" 2>&1
    timeout 280 bash .gpu/run.sh main dev.axial.cli.Main demo --config monai --device cuda --out "$out/axial_demo" > "$out/axial_demo.txt" 2>&1
    tail -15 "$out/monai_demo.txt" "$out/axial_demo.txt" ;;
  pipeline)
    PYTHONPATH=$py timeout 250 python3 benchmarks/monai/spleen_pipeline.py > "$out/monai_pipeline.txt" 2>&1
    timeout 250 bash .gpu/run.sh jmh SpleenPipelineBench -f 1 -wi 2 -i 3 > "$out/axial_pipeline.txt" 2>&1
    tail -20 "$out/monai_pipeline.txt" "$out/axial_pipeline.txt" ;;
  *) echo "h100.sh: tests | bench | demo | pipeline" >&2; exit 2 ;;
esac
