-- CreateTable
CREATE TABLE "CheckIn" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "childId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "remindedAt" DATETIME,
    "escalatedAt" DATETIME,
    "answeredAt" DATETIME,
    "talkFrequency" TEXT,
    "worries" TEXT,
    "comingHome" TEXT,
    "wantsCall" BOOLEAN,
    "message" TEXT,
    "voiceFileId" TEXT,
    CONSTRAINT "CheckIn_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CheckIn_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContactLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "childId" INTEGER NOT NULL,
    "teacherId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "happenedAt" DATETIME NOT NULL,
    "note" TEXT,
    "voiceFileId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContactLog_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ContactLog_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChildFlag" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "childId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "clearedAt" DATETIME,
    CONSTRAINT "ChildFlag_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SchoolDate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    CONSTRAINT "SchoolDate_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "updateId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "CheckIn_month_answeredAt_idx" ON "CheckIn"("month", "answeredAt");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_userId_childId_month_key" ON "CheckIn"("userId", "childId", "month");

-- CreateIndex
CREATE INDEX "ContactLog_childId_happenedAt_idx" ON "ContactLog"("childId", "happenedAt");

-- CreateIndex
CREATE INDEX "ChildFlag_childId_kind_idx" ON "ChildFlag"("childId", "kind");

-- CreateIndex
CREATE INDEX "SchoolDate_schoolId_date_idx" ON "SchoolDate"("schoolId", "date");
