import { InputFileError } from "../errors.ts";

/** Throws an {@linkcode InputFileError} unless `path` is an existing, non-empty file. */
export async function checkInputFile(path: string): Promise<void> {
  let stat: Deno.FileInfo;
  try {
    stat = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputFileError(
        path,
        `Cannot load "${path}": file not found`,
        "Check the path (relative paths start at the working directory)",
      );
    }
    throw new InputFileError(path, `Cannot load "${path}": ${(error as Error).message}`);
  }
  if (!stat.isFile) {
    throw new InputFileError(
      path,
      `Cannot load "${path}": not a file`,
      "Pass the path of a data file, not a folder",
    );
  }
  if (stat.size === 0) {
    throw new InputFileError(
      path,
      `Cannot load "${path}": the file is empty`,
      "Export the table again with a header line and at least one data row",
    );
  }
}
