#!/usr/bin/env bash
# What a session that is lent the H100 runs, in few device calls. Each call starts a bare machine (about a minute
# of the session's 30 device minutes) and the machine goes back 30 s after a call, so batch: the first session
# that ran this (2026-11-23) needed 8 calls; 4 would have done.
# Here, first:   GPU_BUNDLE_MODULES=java.base,java.desktop,java.logging,java.management,jdk.management,java.xml,jdk.unsupported,jdk.incubator.vector,jdk.zipfs \
#                  ../shared/gpu/bundle.sh -o        (online once for JUnit's console launcher; jdk.management keeps
#                                                     HostAllocator's memory probe, which otherwise falls back to 8 GiB)
#                rm -f .gpu/lib/openblas-*-linux-x86_64.jar   (19 MB, the CPU benchmarks' yardstick: keeps the carry
#                                                              under the 64 MiB limit; 47 MiB + 11 MiB tree)
#                tar -cJf .gpu/monai.txz -C /work/ref/MONAI monai   (MONAI is pure Python; ~2 MB packed)
#                pipeline also needs nibabel (numpy 2 on the host; 5.4.2 works): python3 -m pip download --no-deps
#                  --only-binary=:all: -d /tmp/nib nibabel==5.4.2, unzip the wheel into /tmp/nibx, then
#                  tar -cJf .gpu/nibabel.txz -C /tmp/nibx nibabel
# Then `run` (carry [".gpu"], timeout_s 600) with one or more modes in one call, e.g.
#   bash tools/gpu/h100.sh demo profile tests
# Three calls cover everything, each under the 10-minute limit: `tests`, `conv`, `profile demo`.
# modes:
#   tests     every test on the real GPU (about 4 minutes): the conformance kit on cuda:0, the @Tag("gpu") tests
#             (the 10,000-step memory loop), CUDA training/transforms/inference against the CPU. A subset:
#             bash .gpu/run.sh test --include-classname '.*(Reduc|Conv).*'  (--select-class clashes with run.sh's scan)
#   bench     CudaBench (JMH) and PyTorch's bench_cuda.py, same GPU, same session (about 5 minutes); BENCH=regex
#             picks JMH cases, e.g. BENCH='CudaBench.(copy1GiB|add256M|sum256M)' (about 1.5 minutes)
#   demo      MONAI's 3D UNet example (benchmarks/monai/unet_demo.py --config monai) and
#             ./axial demo --config monai --device cuda, one after the other (issue 5; about 1.5 minutes)
#   profile   one training step of that network split by op (UNetStepProfile, unet_step_profile.py), its 16
#             convolutions alone (ConvLayerTiming, conv_layers.py) and host<->device copies (about 4 minutes)
#   conv      ConvLayerTiming (wall and device ms, after a warm-up pass) beside conv_layers.py: the graph API timing
#             5 (default) and 4 engine configurations (CONV_MORE=1: also 8, and the legacy calls), each with the
#             choice log; then UNetStepProfile's step times (about 5 minutes)
#   pipeline  MONAI's spleen pipeline on one CPU thread, then Axial's, then Axial's scaling to 16 workers (issue 7)
# Everything goes into $OUT/h100.tgz (the device tool brings back at most 8 files); summaries to stdout.
set -uo pipefail
# every JVM here gets the launcher's JIT and young-generation flags (the axial script says why)
export JAVA_TOOL_OPTIONS="-XX:-UseProfiledLoopPredicate -Xmn256m ${JAVA_TOOL_OPTIONS:-}"
cd "$(dirname "$0")/../.."
py=/tmp/gpu-py
mkdir -p "$py"
for t in .gpu/monai.txz .gpu/nibabel.txz; do [ -f "$t" ] && tar -C "$py" -xJf "$t"; done
out=/tmp/h100-out
mkdir -p "$out"
nvidia-smi > "$out/nvidia-smi.txt" 2>&1
B=dev.axial.benchmarks
for mode in "${@:-tests}"; do
  case "$mode" in
    tests)
      bash .gpu/run.sh main dev.axial.cli.Main info > "$out/info.txt" 2>&1
      timeout 330 bash .gpu/run.sh test --reports-dir "$out/junit" > "$out/tests.log" 2>&1
      echo "rc=$?" >> "$out/tests.log"
      grep -E "tests (successful|failed|aborted)|rc=" "$out/tests.log"
      grep "✘" "$out/tests.log" | sed 's/\x1b\[[0-9;]*m//g' | head -30 ;;
    bench)
      timeout 240 bash .gpu/run.sh jmh "${BENCH:-CudaBench}" -f 1 -wi 2 -i 3 -rf json -rff "$out/cudabench.json" > "$out/cudabench.log" 2>&1
      timeout 60 python3 benchmarks/torch/bench_cuda.py > "$out/torch_cuda.txt" 2>&1
      grep -E "^CudaBench" "$out/cudabench.log"; cat "$out/torch_cuda.txt" ;;
    demo)
      PYTHONPATH=$py timeout 120 python3 benchmarks/monai/unet_demo.py --config monai --device cuda > "$out/monai_demo.txt" 2>&1
      timeout 120 bash .gpu/run.sh main dev.axial.cli.Main demo --config monai --device cuda --out /tmp/axial_demo > "$out/axial_demo.txt" 2>&1
      grep -E "^epoch" "$out/monai_demo.txt"; grep -E "^epoch|best mean" "$out/axial_demo.txt" | cut -c1-170 ;;
    profile)
      timeout 90 bash .gpu/run.sh main $B.training.UNetStepProfile 20 30 > "$out/axial_step.txt" 2>&1
      PYTHONPATH=$py timeout 90 python3 benchmarks/monai/unet_step_profile.py --rows 30 > "$out/torch_step.txt" 2>&1
      JAVA_OPTS=-Daxial.cudnn.log=true timeout 150 bash .gpu/run.sh main $B.training.ConvLayerTiming > "$out/axial_conv.txt" 2> "$out/axial_conv_algos.txt"
      timeout 120 python3 benchmarks/torch/conv_layers.py > "$out/torch_conv.txt" 2>&1
      timeout 30 bash .gpu/run.sh main $B.training.HostDeviceCopyTiming > "$out/copy.txt" 2>&1
      grep -h "steps" "$out/axial_step.txt" "$out/torch_step.txt"; grep -h -E "^(layer|sum)" "$out/axial_conv.txt" "$out/torch_conv.txt"
      grep -v WARN "$out/copy.txt" ;;
    conv)
      # wall and device (event) ms per direction, after a warm-up pass; the graph API timing 5 (default) and 4 engine
      # configurations (CONV_MORE=1 adds 8 and the legacy API: about 3 minutes more)
      timeout 120 python3 benchmarks/torch/conv_layers.py > "$out/torch_conv.txt" 2>&1
      echo "== torch"; grep -E "^(layer|sum)" "$out/torch_conv.txt"
      for v in "graph:" "graph4:-Daxial.cudnn.maxCandidates=4" ${CONV_MORE:+"graph8:-Daxial.cudnn.maxCandidates=8" "legacy:-Daxial.cudnn.api=legacy"}; do
        name=${v%%:*}; opts=${v#*:}
        JAVA_OPTS="$opts -Daxial.cudnn.log=true" timeout 150 bash .gpu/run.sh main $B.training.ConvLayerTiming > "$out/conv_$name.txt" 2> "$out/conv_${name}_log.txt"
        echo "== $name"; grep -E "^sum" "$out/conv_$name.txt"
      done
      JAVA_OPTS="" timeout 90 bash .gpu/run.sh main $B.training.UNetStepProfile 20 0 > "$out/step_graph.txt" 2>&1
      grep -h "steps" "$out/step_graph.txt" ;;
    pipeline)
      PYTHONPATH=$py timeout 120 python3 benchmarks/monai/spleen_pipeline.py --reps 3 > "$out/monai_pipeline.txt" 2>&1
      timeout 60 bash .gpu/run.sh main $B.transforms.SpleenStepTiming 3 > "$out/axial_pipeline.txt" 2>&1
      timeout 90 bash .gpu/run.sh main $B.transforms.SpleenPipelineScaling 32 1,8,16 1 >> "$out/axial_pipeline.txt" 2>&1
      tail -12 "$out/monai_pipeline.txt"; grep -v WARN "$out/axial_pipeline.txt" ;;
    *) echo "h100.sh: modes are tests | bench | demo | profile | conv | pipeline" >&2; exit 2 ;;
  esac
done
[ -n "${OUT:-}" ] && tar czf "$OUT/h100.tgz" -C "$out" .
