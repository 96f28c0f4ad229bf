<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Dataset</name>
    <message>
        <source>Untitled dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatasetOpener</name>
    <message>
        <source>Opening %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading the image index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the demo dataset</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportVocDialog</name>
    <message>
        <source>edited and accepted by a person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AMR CAMs refined by IRNet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predicted by DeepLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>thresholded CAMs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>imported from another tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the dataset&apos;s ground truth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If the folder already holds files, stop with an error and change nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the files there; write new and changed images only. Also resumes an interrupted export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First delete the previous export in VOCdevkit/VOC2012 (JPEGImages, SegmentationClass, SegmentationClassAug, Annotations, ImageSets/Segmentation, classes.txt, labels.txt); other files stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset ground truth (gt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also write SegmentationClassAug/ and train_aug.txt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include images without a mask (image and XML only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip images with a bad mask instead of stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to PASCAL VOC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output folder (VOCdevkit/VOC2012 is created inside)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mask version folders (&lt;id&gt;.png):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority (first version with a mask wins):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to reorder. Greyed versions have no masks and are skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only images listed in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all images (optional: a file of image ids, one a line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If the output folder is not empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refuse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Overwrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to edit the path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the previous export in %1 before exporting?

These are deleted: JPEGImages, SegmentationClass, SegmentationClassAug, Annotations, ImageSets/Segmentation, classes.txt and labels.txt. Other files stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overwrite the Export?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Into Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder of Masks (&lt;id&gt;.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List of Image Ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. %2 — %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — no masks, skipped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageListModel</name>
    <message>
        <source>class %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Tags: %2
Image: %3%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Mask: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
No ground-truth mask</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageListPanel</name>
    <message>
        <source>Filter by id or tag, e.g. &quot;2008 dog&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space-separated words; an image is listed when every word is part of its id or the start of one of its tags.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 images</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportMasksDialog</name>
    <message>
        <source>Add to a non-empty folder (masks with the same id are replaced, others kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brings existing label masks in as a mask version: a VOC dataset (its SegmentationClass), a SegmentationClass folder, or a folder of &lt;id&gt;.png in palette or 8-bit grayscale. RGB masks are refused: their pixels are colours, not classes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masks from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import as version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Into folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Masks From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mask Version Folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <source>internal error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>internal error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobStatusWidget</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop this job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>AMR Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the dataset. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mask opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity of the mask overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the demo dataset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset folder with File &gt; Open Dataset… (Ctrl+O),
or try the built-in demo with File &gt; Open Demo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Dataset (a VOC folder or a folder with tags.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This dataset has no images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — AMR Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1: %2 images, %3 with masks, %4 classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no image %1 in this dataset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no ground truth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot show image %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot show image %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x %1, y %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent datasets</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValidationReportDialog</name>
    <message>
        <source>PASCAL VOC Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 masks, %3 annotations, %4 list files; classes from %5 (%6 classes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Selected Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a row to open the folder of its file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValidationReportModel</name>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems found in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VocExportController</name>
    <message>
        <source>Exporting to PASCAL VOC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was cancelled. Export again with Update to resume it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 images (%2 with masks%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written %1, unchanged since the last export %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images have no mask in any version of the priority.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images skipped because of a bad mask or image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 notes (see Details).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate PASCAL VOC Folder (VOCdevkit, VOC2012 or the folder above)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validating %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 masks as version &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 files refused (see Details).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to PASCAL VOC now offers this folder as version &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Finished</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspaceActions</name>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a VOC or image-folder dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate (once) and open the built-in demo dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export to PASCAL VOC…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export images, masks and lists as PASCAL VOC 2012</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import Masks…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring existing VOC or grayscale masks in as a mask version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Validate PASCAL VOC Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check a VOC folder the way torchvision and mmsegmentation read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter Images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Actual Size (100%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the ground-truth mask over the image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About AMR Studio</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>amr::ui</name>
    <message>
        <source>About AMR Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;AMR Studio %1&lt;/h3&gt;&lt;p&gt;Turns image-level tags into pixel masks with AMR (weakly supervised semantic segmentation), and lets you review and correct them.&lt;/p&gt;&lt;p&gt;AMR Studio is free software under the GNU General Public License, version 3 or later (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;It uses QCustomPlot (GPL), Qt (LGPL), LibTorch (BSD), OpenCV (Apache-2.0); the demo dataset is built from Fashion-MNIST (MIT licence, © Zalando SE).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>amr::ui::Language</name>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>AMR Studio: weakly supervised semantic segmentation, from image-level tags to pixel masks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the built-in demo dataset (generated on first use).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the image with this id first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset folder to open (VOC layout or tags.csv).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>amr-studio: give one dataset folder or --demo, not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>amr-studio: %1: no such folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
