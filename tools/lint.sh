#!/usr/bin/env bash
# Lint the DMA engine (issue 3): `verilator --lint-only -Wall` over a representative parameter
# cross (every address width of the test matrix in both modes, every data width and burst limit),
# then yosys: elaborate, `proc`, `check -assert`, and assert that no latch was inferred.
# Any warning fails. Usage: tools/lint.sh   (from anywhere; JOBS=N to limit parallelism)
set -euo pipefail
cd "$(dirname "$0")/.."
RTL=hdl/dma_engine.v
JOBS=${JOBS:-$(nproc)}
OUT=build/lint
mkdir -p "$OUT"

# "ADDR_WIDTH DATA_WIDTH MAX_BURST_LEN LEGACY_TRUNCATE MAX_CHAIN ID_WIDTH" per line
matrix() {
    local dws=(32 64 128) i=0 aw lt
    for aw in 12 24 30 31 32 36 40 48 64; do
        for lt in 0 1; do
            echo "$aw ${dws[$((i % 3))]} 16 $lt 4096 4"; i=$((i + 1))
        done
    done
    for dw in 32 64 128; do
        for mb in 1 2 256; do echo "32 $dw $mb 0 $((mb + 2)) $((mb == 1 ? 8 : mb % 8 + 1))"; done
    done
}

lint_one() {
    local aw=$1 dw=$2 mb=$3 lt=$4 mc=$5 id=$6 log
    log="$OUT/verilator_aw${aw}_dw${dw}_mb${mb}_lt${lt}_mc${mc}_id${id}.log"
    if ! verilator --lint-only -Wall -Ihdl -GADDR_WIDTH="$aw" -GDATA_WIDTH="$dw" \
            -GMAX_BURST_LEN="$mb" -GLEGACY_TRUNCATE="$lt" -GMAX_CHAIN="$mc" -GID_WIDTH="$id" "$RTL" >"$log" 2>&1 \
            || [ -s "$log" ]; then
        echo "FAIL verilator ADDR_WIDTH=$aw DATA_WIDTH=$dw MAX_BURST_LEN=$mb LEGACY_TRUNCATE=$lt MAX_CHAIN=$mc ID_WIDTH=$id"
        cat "$log"
        return 1
    fi
    echo "ok   verilator ADDR_WIDTH=$aw DATA_WIDTH=$dw MAX_BURST_LEN=$mb LEGACY_TRUNCATE=$lt MAX_CHAIN=$mc ID_WIDTH=$id"
}
export -f lint_one
export RTL OUT

status=0
matrix | xargs -P "$JOBS" -L 1 bash -c 'lint_one "$@"' _ || status=1

# yosys: elaboration, process lowering, design check, no latches (a couple of widths)
for cfg in "24 32 16 0" "64 128 256 1" "12 64 1 0"; do
    set -- $cfg
    log="$OUT/yosys_aw$1_dw$2_mb$3_lt$4.log"
    if yosys -q -l "$log" -p "read_verilog -Ihdl $RTL; \
            chparam -set ADDR_WIDTH $1 -set DATA_WIDTH $2 -set MAX_BURST_LEN $3 -set LEGACY_TRUNCATE $4 dma_engine; \
            hierarchy -check -top dma_engine; proc; check -assert; \
            select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$sr" >/dev/null 2>&1 \
            && ! grep -qi "warning" "$log"; then
        echo "ok   yosys ADDR_WIDTH=$1 DATA_WIDTH=$2 MAX_BURST_LEN=$3 LEGACY_TRUNCATE=$4 (no latch)"
    else
        echo "FAIL yosys ADDR_WIDTH=$1 DATA_WIDTH=$2 MAX_BURST_LEN=$3 LEGACY_TRUNCATE=$4"
        grep -iE "error|warning" "$log" || tail -20 "$log"
        status=1
    fi
done

# bad parameter values must stop elaboration with a message in every tool
for bad in "ADDR_WIDTH 11" "ADDR_WIDTH 65" "DATA_WIDTH 48" "MAX_BURST_LEN 0" "MAX_BURST_LEN 257" \
           "LEGACY_TRUNCATE 2" "ID_WIDTH 0" "MAX_CHAIN 0"; do
    set -- $bad
    msg="dma_engine_error_$1_must"
    v=$(verilator --lint-only -Wall -Ihdl -G"$1=$2" "$RTL" 2>&1 || true)
    y=$(yosys -q -p "read_verilog -Ihdl $RTL; chparam -set $1 $2 dma_engine; hierarchy -check -top dma_engine" 2>&1 || true)
    i=$(iverilog -g2005 -Ihdl -P"dma_engine.$1=$2" -o /dev/null "$RTL" 2>&1 || true)
    if grep -q "$msg" <<<"$v" && grep -q "$msg" <<<"$y" && grep -q "$msg" <<<"$i"; then
        echo "ok   $1=$2 rejected by verilator, yosys and iverilog"
    else
        echo "FAIL $1=$2 not rejected with a message by every tool"; status=1
    fi
done

# stream_dma (the bring-your-own-engine example): verilator over widths, data widths, bursts and
# tags; yosys no-latch check; bad parameters rejected by every tool.
SD=hdl/stream_dma.v
for cfg in "12 32 1 1" "24 32 16 8" "32 64 2 4" "40 64 3 8" "48 32 256 32" "64 64 16 8"; do
    set -- $cfg
    log="$OUT/stream_dma_aw$1_dw$2_mb$3_tw$4.log"
    if verilator --lint-only -Wall -GADDR_WIDTH="$1" -GDATA_WIDTH="$2" -GMAX_BURST_LEN="$3" \
            -GTAG_WIDTH="$4" "$SD" >"$log" 2>&1 && [ ! -s "$log" ] \
        && yosys -q -p "read_verilog $SD; chparam -set ADDR_WIDTH $1 -set DATA_WIDTH $2 \
            -set MAX_BURST_LEN $3 -set TAG_WIDTH $4 stream_dma; hierarchy -check -top stream_dma; \
            proc; check -assert; select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$sr" \
            >>"$log" 2>&1 && ! grep -qi "warning" "$log"; then
        echo "ok   stream_dma verilator+yosys ADDR_WIDTH=$1 DATA_WIDTH=$2 MAX_BURST_LEN=$3 TAG_WIDTH=$4"
    else
        echo "FAIL stream_dma ADDR_WIDTH=$1 DATA_WIDTH=$2 MAX_BURST_LEN=$3 TAG_WIDTH=$4"; cat "$log"
        status=1
    fi
done
for bad in "ADDR_WIDTH 11" "ADDR_WIDTH 65" "DATA_WIDTH 128" "MAX_BURST_LEN 0" "MAX_BURST_LEN 257" \
           "TAG_WIDTH 0" "TAG_WIDTH 33"; do
    set -- $bad
    msg="stream_dma_error_$1_must"
    v=$(verilator --lint-only -Wall -G"$1=$2" "$SD" 2>&1 || true)
    y=$(yosys -q -p "read_verilog $SD; chparam -set $1 $2 stream_dma; hierarchy -check -top stream_dma" 2>&1 || true)
    i=$(iverilog -g2005 -P"stream_dma.$1=$2" -o /dev/null "$SD" 2>&1 || true)
    if grep -q "$msg" <<<"$v" && grep -q "$msg" <<<"$y" && grep -q "$msg" <<<"$i"; then
        echo "ok   stream_dma $1=$2 rejected by verilator, yosys and iverilog"
    else
        echo "FAIL stream_dma $1=$2 not rejected with a message by every tool"; status=1
    fi
done
if iverilog -g2005 -Wall -o /dev/null "$SD" >"$OUT/stream_dma_iverilog.log" 2>&1 \
        && [ ! -s "$OUT/stream_dma_iverilog.log" ]; then
    echo "ok   stream_dma iverilog -g2005 -Wall (no warning)"
else
    echo "FAIL stream_dma iverilog -Wall"; cat "$OUT/stream_dma_iverilog.log"; status=1
fi

# ---- nic_engine (hdl/nic_engine.v with hdl/nic_fifo.v): verilator -Wall over a parameter cross,
# yosys without latches, iverilog -Wall, bad parameters rejected by every tool
NIC="hdl/nic_engine.v hdl/nic_fifo.v"
# "ADDR_WIDTH DESC_ADDR_BITS DATA_WIDTH MAX_BURST_LEN LEGACY_TRUNCATE ID_WIDTH" per line
for cfg in "30 32 64 16 0 4" "30 32 64 16 1 4" "32 32 32 16 0 4" "32 32 32 16 1 1" \
           "24 32 128 4 0 2" "40 36 128 256 0 4" "64 64 64 8 1 8" "12 12 32 4 0 4" "48 64 32 256 1 4"; do
    set -- $cfg
    log="$OUT/nic_aw$1_db$2_dw$3_mb$4_lt$5_id$6.log"
    if verilator --lint-only -Wall -Ihdl --top-module nic_engine -GADDR_WIDTH="$1" -GDESC_ADDR_BITS="$2" \
            -GDATA_WIDTH="$3" -GMAX_BURST_LEN="$4" -GLEGACY_TRUNCATE="$5" -GID_WIDTH="$6" $NIC >"$log" 2>&1 \
            && [ ! -s "$log" ] \
            && yosys -q -l "$log.yosys" -p "read_verilog -Ihdl $NIC; chparam -set ADDR_WIDTH $1 \
                -set DESC_ADDR_BITS $2 -set DATA_WIDTH $3 -set MAX_BURST_LEN $4 -set LEGACY_TRUNCATE $5 \
                -set ID_WIDTH $6 nic_engine; hierarchy -check -top nic_engine; proc; check -assert; \
                select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$sr" >/dev/null 2>&1 \
            && ! grep -qi "warning" "$log.yosys"; then
        echo "ok   nic_engine verilator+yosys ADDR_WIDTH=$1 DESC_ADDR_BITS=$2 DATA_WIDTH=$3 MAX_BURST_LEN=$4 LEGACY_TRUNCATE=$5 ID_WIDTH=$6"
    else
        echo "FAIL nic_engine ADDR_WIDTH=$1 DESC_ADDR_BITS=$2 DATA_WIDTH=$3 MAX_BURST_LEN=$4 LEGACY_TRUNCATE=$5 ID_WIDTH=$6"
        cat "$log"; grep -iE "error|warning" "$log.yosys" 2>/dev/null || true
        status=1
    fi
done
for bad in "ADDR_WIDTH 11" "ADDR_WIDTH 65" "DESC_ADDR_BITS 11" "DESC_ADDR_BITS 65" "DATA_WIDTH 48" \
           "MAX_BURST_LEN 3" "MAX_BURST_LEN 257" "LEGACY_TRUNCATE 2" "ID_WIDTH 0"; do
    set -- $bad
    msg="nic_engine_error_$1_must"
    v=$(verilator --lint-only -Wall -Ihdl --top-module nic_engine -G"$1=$2" $NIC 2>&1 || true)
    y=$(yosys -q -p "read_verilog -Ihdl $NIC; chparam -set $1 $2 nic_engine; hierarchy -check -top nic_engine" 2>&1 || true)
    i=$(iverilog -g2005 -Ihdl -P"nic_engine.$1=$2" -s nic_engine -o /dev/null $NIC 2>&1 || true)
    if grep -q "$msg" <<<"$v" && grep -q "$msg" <<<"$y" && grep -q "$msg" <<<"$i"; then
        echo "ok   nic_engine $1=$2 rejected by verilator, yosys and iverilog"
    else
        echo "FAIL nic_engine $1=$2 not rejected with a message by every tool"; status=1
    fi
done
if iverilog -g2005 -Wall -Ihdl -s nic_engine -o /dev/null $NIC >"$OUT/nic_iverilog.log" 2>&1 \
        && [ ! -s "$OUT/nic_iverilog.log" ]; then
    echo "ok   nic_engine iverilog -g2005 -Wall (no warning)"
else
    echo "FAIL nic_engine iverilog -Wall"; cat "$OUT/nic_iverilog.log"; status=1
fi

[ $status -eq 0 ] && echo "lint: clean" || echo "lint: FAILED"
exit $status
