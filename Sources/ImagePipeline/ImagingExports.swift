// The pipeline's images are the project's one `RGBImage` type; re-exported so that
// `import ImagePipeline` is enough to use it.
@_exported import Imaging
