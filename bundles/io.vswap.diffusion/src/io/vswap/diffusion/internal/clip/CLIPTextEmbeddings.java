package io.vswap.diffusion.internal.clip;

import static io.vswap.diffusion.internal.nn.ParameterStore.key;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import io.vswap.diffusion.internal.nn.Parameter;
import io.vswap.diffusion.internal.nn.Parameter.Init;
import io.vswap.diffusion.internal.nn.ParameterStore;
import io.vswap.diffusion.internal.nn.Tensors;

/**
 * transformers' {@code CLIPTextEmbeddings}: {@code token_embedding [vocab, hidden]} looked up
 * by id plus {@code position_embedding [positions, hidden]} by position. Ids from
 * {@code vocab} on are added tokens, whose rows are separate arrays appended to the table.
 */
final class CLIPTextEmbeddings {

    final Parameter token_embedding;
    final Parameter position_embedding;

    CLIPTextEmbeddings(ParameterStore store, String prefix, int vocab, int positions, int hidden) {
        token_embedding = store.add(key(prefix, "token_embedding.weight"), Init.UNIFORM_FAN_IN, 1, vocab, hidden);
        position_embedding = store.add(key(prefix, "position_embedding.weight"), Init.UNIFORM_FAN_IN, 1, positions,
                hidden);
    }

    /** {@code ids [B, L]} → {@code [B, L, hidden]} in the ids' manager. */
    NDArray forward(NDArray ids, List<NDArray> addedRows) {
        NDArray table = token_embedding.array();
        if (!addedRows.isEmpty()) {
            // added rows stay fp32 (they are trained); the table is in the model's precision
            NDArray rows = NDArrays.stack(new NDList(addedRows.toArray(NDArray[]::new)));
            rows = Tensors.cast(rows, table.getDataType());
            table = Tensors.scoped(NDArrays.concat(new NDList(table, rows), 0), ids);
        }
        NDArray idx = ids.toType(DataType.INT64, false);
        NDArray tok = Tensors.scoped(table.getNDArrayInternal().embedding(idx, table, SparseFormat.DENSE)
                .singletonOrThrow(), ids);
        long len = ids.getShape().get(1);
        NDArray pos = Tensors.scoped(position_embedding.array().get("0:" + len), ids);
        return tok.add(pos);
    }
}
