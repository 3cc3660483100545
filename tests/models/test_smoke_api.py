"""The names docs/models-api.md promises are importable from `models`."""
import models

NAMES = """PAGE_SIZE PAGE_SHIFT MAX_ORDER DMA_BIT_MASK validate_mask GFP_KERNEL GFP_ATOMIC GFP_NOWAIT
__GFP_NOWARN __GFP_ZERO GFP_DMA GFP_DMA32 __GFP_COMP gfp_may_sleep DmaDirection DMA_BIDIRECTIONAL
DMA_TO_DEVICE DMA_FROM_DEVICE DMA_NONE DMA_MAPPING_ERROR EIO Sleeper AsyncioSleeper Machine
PhysicalMemory BuddyAllocator MaskAllocator Swiotlb Mempool FreeCounts Device DmaPool DmaMapping
MappingKind DmaDebugError dma_set_mask dma_set_coherent_mask dma_set_mask_and_coherent
dma_alloc_coherent dma_free_coherent dma_map_single dma_unmap_single dma_sync_single_for_cpu
dma_sync_single_for_device dma_mapping_error dma_capable dma_map_resource dma_unmap_resource
dma_pool_create""".split()


def test_every_contract_name_is_exported():
    missing = [n for n in NAMES if not hasattr(models, n)]
    assert not missing


def test_direction_values_are_linux_values():
    assert (models.DMA_BIDIRECTIONAL, models.DMA_TO_DEVICE, models.DMA_FROM_DEVICE,
            models.DMA_NONE) == (0, 1, 2, 3)


def test_models_never_imports_cocotb_or_bench():
    import pathlib
    for f in pathlib.Path(models.__file__).parent.glob("*.py"):
        text = f.read_text()
        assert "import cocotb" not in text and "from cocotb" not in text, f
        assert "import bench" not in text and "from bench" not in text, f
