/* eslint-disable */
// @ts-nocheck
// Written by `npm run schema` (src/config/validator-code.ts) from the driver's settings schema: Ajv's standalone
// code, so that start-up compiles nothing. Do not edit.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schemaFormats as formats } from '../../schema-formats.js';
const require = createRequire(import.meta.url);

export const settings = validate10;
const schema11 = {"additionalProperties":false,"type":"object","properties":{"connectionString":{"minLength":1,"description":"Namespace-level Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... without EntityPath (UseDevelopmentEmulator=true for a local emulator); use ${ENV} substitution","type":"string"},"namespace":{"minLength":1,"description":"<name>.servicebus.windows.net: authenticate with DefaultAzureCredential (Kubernetes workload identity, managed identity, AZURE_* environment) instead of a connection string","type":"string"},"clientId":{"minLength":1,"description":"With namespace or checkpointAccountUrl: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)","type":"string"},"checkpointStorage":{"minLength":1,"description":"Azure Storage connection string of the blob checkpoint store; consumer groups (push subscriptions on streams) need it or checkpointAccountUrl","type":"string"},"checkpointAccountUrl":{"minLength":1,"description":"https://<account>.blob.core.windows.net: the blob checkpoint store reached with DefaultAzureCredential (role Storage Blob Data Contributor) instead of checkpointStorage","type":"string"},"checkpointContainer":{"minLength":3,"maxLength":63,"description":"Blob container for checkpoints and partition ownership, created if missing (default outrigger-checkpoints)","type":"string"},"maxMessageBytes":{"minimum":1024,"maximum":20971520,"description":"Largest event body (default 1048576, the standard tier; basic: 262144)","type":"integer"},"readConsumerGroup":{"minLength":1,"description":"Consumer group used by stream reads (SSE, gRPC); default $Default","type":"string"},"loadBalancingIntervalMs":{"minimum":100,"maximum":600000,"description":"How often a consumer re-balances partitions and renews its claims (default 10000)","type":"integer"},"ownershipExpiryMs":{"minimum":500,"maximum":3600000,"description":"A claim not renewed for this long may be taken by another replica (default 60000; at least twice loadBalancingIntervalMs)","type":"integer"},"processRetryMs":{"minimum":10,"maximum":600000,"description":"Pause before a failed batch is processed again (default 1000)","type":"integer"},"checkpointIntervalMs":{"minimum":0,"maximum":600000,"description":"At most one checkpoint write per partition per this many ms (default 0: every finished batch is written at once); a restart may repeat up to this much more","type":"integer"}}};
const func2 = Object.prototype.hasOwnProperty;
const func3 = require("ajv/dist/runtime/ucs2length").default;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.connectionString !== undefined){
let data0 = data.connectionString;
if(typeof data0 !== "string"){
let dataType0 = typeof data0;
let coerced0 = undefined;
if(!(coerced0 !== undefined)){
if(dataType0 == "number" || dataType0 == "boolean"){
coerced0 = "" + data0;
}
else if(data0 === null){
coerced0 = "";
}
else {
const err1 = {instancePath:instancePath+"/connectionString",schemaPath:"#/properties/connectionString/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.connectionString.type,parentSchema:schema11.properties.connectionString,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(coerced0 !== undefined){
data0 = coerced0;
if(data !== undefined){
data["connectionString"] = coerced0;
}
}
}
if(typeof data0 === "string"){
if(func3(data0) < 1){
const err2 = {instancePath:instancePath+"/connectionString",schemaPath:"#/properties/connectionString/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.connectionString,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
if(data.namespace !== undefined){
let data1 = data.namespace;
if(typeof data1 !== "string"){
let dataType1 = typeof data1;
let coerced1 = undefined;
if(!(coerced1 !== undefined)){
if(dataType1 == "number" || dataType1 == "boolean"){
coerced1 = "" + data1;
}
else if(data1 === null){
coerced1 = "";
}
else {
const err3 = {instancePath:instancePath+"/namespace",schemaPath:"#/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.namespace.type,parentSchema:schema11.properties.namespace,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(coerced1 !== undefined){
data1 = coerced1;
if(data !== undefined){
data["namespace"] = coerced1;
}
}
}
if(typeof data1 === "string"){
if(func3(data1) < 1){
const err4 = {instancePath:instancePath+"/namespace",schemaPath:"#/properties/namespace/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.namespace,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
if(data.clientId !== undefined){
let data2 = data.clientId;
if(typeof data2 !== "string"){
let dataType2 = typeof data2;
let coerced2 = undefined;
if(!(coerced2 !== undefined)){
if(dataType2 == "number" || dataType2 == "boolean"){
coerced2 = "" + data2;
}
else if(data2 === null){
coerced2 = "";
}
else {
const err5 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.clientId.type,parentSchema:schema11.properties.clientId,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(coerced2 !== undefined){
data2 = coerced2;
if(data !== undefined){
data["clientId"] = coerced2;
}
}
}
if(typeof data2 === "string"){
if(func3(data2) < 1){
const err6 = {instancePath:instancePath+"/clientId",schemaPath:"#/properties/clientId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.clientId,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
if(data.checkpointStorage !== undefined){
let data3 = data.checkpointStorage;
if(typeof data3 !== "string"){
let dataType3 = typeof data3;
let coerced3 = undefined;
if(!(coerced3 !== undefined)){
if(dataType3 == "number" || dataType3 == "boolean"){
coerced3 = "" + data3;
}
else if(data3 === null){
coerced3 = "";
}
else {
const err7 = {instancePath:instancePath+"/checkpointStorage",schemaPath:"#/properties/checkpointStorage/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.checkpointStorage.type,parentSchema:schema11.properties.checkpointStorage,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(coerced3 !== undefined){
data3 = coerced3;
if(data !== undefined){
data["checkpointStorage"] = coerced3;
}
}
}
if(typeof data3 === "string"){
if(func3(data3) < 1){
const err8 = {instancePath:instancePath+"/checkpointStorage",schemaPath:"#/properties/checkpointStorage/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.checkpointStorage,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.checkpointAccountUrl !== undefined){
let data4 = data.checkpointAccountUrl;
if(typeof data4 !== "string"){
let dataType4 = typeof data4;
let coerced4 = undefined;
if(!(coerced4 !== undefined)){
if(dataType4 == "number" || dataType4 == "boolean"){
coerced4 = "" + data4;
}
else if(data4 === null){
coerced4 = "";
}
else {
const err9 = {instancePath:instancePath+"/checkpointAccountUrl",schemaPath:"#/properties/checkpointAccountUrl/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.checkpointAccountUrl.type,parentSchema:schema11.properties.checkpointAccountUrl,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(coerced4 !== undefined){
data4 = coerced4;
if(data !== undefined){
data["checkpointAccountUrl"] = coerced4;
}
}
}
if(typeof data4 === "string"){
if(func3(data4) < 1){
const err10 = {instancePath:instancePath+"/checkpointAccountUrl",schemaPath:"#/properties/checkpointAccountUrl/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.checkpointAccountUrl,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
if(data.checkpointContainer !== undefined){
let data5 = data.checkpointContainer;
if(typeof data5 !== "string"){
let dataType5 = typeof data5;
let coerced5 = undefined;
if(!(coerced5 !== undefined)){
if(dataType5 == "number" || dataType5 == "boolean"){
coerced5 = "" + data5;
}
else if(data5 === null){
coerced5 = "";
}
else {
const err11 = {instancePath:instancePath+"/checkpointContainer",schemaPath:"#/properties/checkpointContainer/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.checkpointContainer.type,parentSchema:schema11.properties.checkpointContainer,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(coerced5 !== undefined){
data5 = coerced5;
if(data !== undefined){
data["checkpointContainer"] = coerced5;
}
}
}
if(typeof data5 === "string"){
if(func3(data5) > 63){
const err12 = {instancePath:instancePath+"/checkpointContainer",schemaPath:"#/properties/checkpointContainer/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters",schema:63,parentSchema:schema11.properties.checkpointContainer,data:data5};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(func3(data5) < 3){
const err13 = {instancePath:instancePath+"/checkpointContainer",schemaPath:"#/properties/checkpointContainer/minLength",keyword:"minLength",params:{limit: 3},message:"must NOT have fewer than 3 characters",schema:3,parentSchema:schema11.properties.checkpointContainer,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
if(data.maxMessageBytes !== undefined){
let data6 = data.maxMessageBytes;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
let dataType6 = typeof data6;
let coerced6 = undefined;
if(!(coerced6 !== undefined)){
if(dataType6 === "boolean" || data6 === null
              || (dataType6 === "string" && data6 && data6 == +data6 && !(data6 % 1))){
coerced6 = +data6;
}
else {
const err14 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.maxMessageBytes.type,parentSchema:schema11.properties.maxMessageBytes,data:data6};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(coerced6 !== undefined){
data6 = coerced6;
if(data !== undefined){
data["maxMessageBytes"] = coerced6;
}
}
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 20971520 || isNaN(data6)){
const err15 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 20971520},message:"must be <= 20971520",schema:20971520,parentSchema:schema11.properties.maxMessageBytes,data:data6};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data6 < 1024 || isNaN(data6)){
const err16 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema11.properties.maxMessageBytes,data:data6};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
if(data.readConsumerGroup !== undefined){
let data7 = data.readConsumerGroup;
if(typeof data7 !== "string"){
let dataType7 = typeof data7;
let coerced7 = undefined;
if(!(coerced7 !== undefined)){
if(dataType7 == "number" || dataType7 == "boolean"){
coerced7 = "" + data7;
}
else if(data7 === null){
coerced7 = "";
}
else {
const err17 = {instancePath:instancePath+"/readConsumerGroup",schemaPath:"#/properties/readConsumerGroup/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.readConsumerGroup.type,parentSchema:schema11.properties.readConsumerGroup,data:data7};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(coerced7 !== undefined){
data7 = coerced7;
if(data !== undefined){
data["readConsumerGroup"] = coerced7;
}
}
}
if(typeof data7 === "string"){
if(func3(data7) < 1){
const err18 = {instancePath:instancePath+"/readConsumerGroup",schemaPath:"#/properties/readConsumerGroup/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.readConsumerGroup,data:data7};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
if(data.loadBalancingIntervalMs !== undefined){
let data8 = data.loadBalancingIntervalMs;
if(!(((typeof data8 == "number") && (!(data8 % 1) && !isNaN(data8))) && (isFinite(data8)))){
let dataType8 = typeof data8;
let coerced8 = undefined;
if(!(coerced8 !== undefined)){
if(dataType8 === "boolean" || data8 === null
              || (dataType8 === "string" && data8 && data8 == +data8 && !(data8 % 1))){
coerced8 = +data8;
}
else {
const err19 = {instancePath:instancePath+"/loadBalancingIntervalMs",schemaPath:"#/properties/loadBalancingIntervalMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.loadBalancingIntervalMs.type,parentSchema:schema11.properties.loadBalancingIntervalMs,data:data8};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(coerced8 !== undefined){
data8 = coerced8;
if(data !== undefined){
data["loadBalancingIntervalMs"] = coerced8;
}
}
}
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 > 600000 || isNaN(data8)){
const err20 = {instancePath:instancePath+"/loadBalancingIntervalMs",schemaPath:"#/properties/loadBalancingIntervalMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.loadBalancingIntervalMs,data:data8};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data8 < 100 || isNaN(data8)){
const err21 = {instancePath:instancePath+"/loadBalancingIntervalMs",schemaPath:"#/properties/loadBalancingIntervalMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema11.properties.loadBalancingIntervalMs,data:data8};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
if(data.ownershipExpiryMs !== undefined){
let data9 = data.ownershipExpiryMs;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
let dataType9 = typeof data9;
let coerced9 = undefined;
if(!(coerced9 !== undefined)){
if(dataType9 === "boolean" || data9 === null
              || (dataType9 === "string" && data9 && data9 == +data9 && !(data9 % 1))){
coerced9 = +data9;
}
else {
const err22 = {instancePath:instancePath+"/ownershipExpiryMs",schemaPath:"#/properties/ownershipExpiryMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.ownershipExpiryMs.type,parentSchema:schema11.properties.ownershipExpiryMs,data:data9};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(coerced9 !== undefined){
data9 = coerced9;
if(data !== undefined){
data["ownershipExpiryMs"] = coerced9;
}
}
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 3600000 || isNaN(data9)){
const err23 = {instancePath:instancePath+"/ownershipExpiryMs",schemaPath:"#/properties/ownershipExpiryMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 3600000},message:"must be <= 3600000",schema:3600000,parentSchema:schema11.properties.ownershipExpiryMs,data:data9};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data9 < 500 || isNaN(data9)){
const err24 = {instancePath:instancePath+"/ownershipExpiryMs",schemaPath:"#/properties/ownershipExpiryMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 500},message:"must be >= 500",schema:500,parentSchema:schema11.properties.ownershipExpiryMs,data:data9};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
if(data.processRetryMs !== undefined){
let data10 = data.processRetryMs;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
let dataType10 = typeof data10;
let coerced10 = undefined;
if(!(coerced10 !== undefined)){
if(dataType10 === "boolean" || data10 === null
              || (dataType10 === "string" && data10 && data10 == +data10 && !(data10 % 1))){
coerced10 = +data10;
}
else {
const err25 = {instancePath:instancePath+"/processRetryMs",schemaPath:"#/properties/processRetryMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.processRetryMs.type,parentSchema:schema11.properties.processRetryMs,data:data10};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(coerced10 !== undefined){
data10 = coerced10;
if(data !== undefined){
data["processRetryMs"] = coerced10;
}
}
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 600000 || isNaN(data10)){
const err26 = {instancePath:instancePath+"/processRetryMs",schemaPath:"#/properties/processRetryMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.processRetryMs,data:data10};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(data10 < 10 || isNaN(data10)){
const err27 = {instancePath:instancePath+"/processRetryMs",schemaPath:"#/properties/processRetryMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 10},message:"must be >= 10",schema:10,parentSchema:schema11.properties.processRetryMs,data:data10};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
if(data.checkpointIntervalMs !== undefined){
let data11 = data.checkpointIntervalMs;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
let dataType11 = typeof data11;
let coerced11 = undefined;
if(!(coerced11 !== undefined)){
if(dataType11 === "boolean" || data11 === null
              || (dataType11 === "string" && data11 && data11 == +data11 && !(data11 % 1))){
coerced11 = +data11;
}
else {
const err28 = {instancePath:instancePath+"/checkpointIntervalMs",schemaPath:"#/properties/checkpointIntervalMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.checkpointIntervalMs.type,parentSchema:schema11.properties.checkpointIntervalMs,data:data11};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(coerced11 !== undefined){
data11 = coerced11;
if(data !== undefined){
data["checkpointIntervalMs"] = coerced11;
}
}
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 600000 || isNaN(data11)){
const err29 = {instancePath:instancePath+"/checkpointIntervalMs",schemaPath:"#/properties/checkpointIntervalMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.checkpointIntervalMs,data:data11};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(data11 < 0 || isNaN(data11)){
const err30 = {instancePath:instancePath+"/checkpointIntervalMs",schemaPath:"#/properties/checkpointIntervalMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.checkpointIntervalMs,data:data11};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
}
else {
const err31 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


/** The settings schema this validator was generated from, as JSON: it is used for that very schema only. */
export const generatedFrom = "{\"additionalProperties\":false,\"type\":\"object\",\"properties\":{\"connectionString\":{\"minLength\":1,\"description\":\"Namespace-level Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... without EntityPath (UseDevelopmentEmulator=true for a local emulator); use ${ENV} substitution\",\"type\":\"string\"},\"namespace\":{\"minLength\":1,\"description\":\"<name>.servicebus.windows.net: authenticate with DefaultAzureCredential (Kubernetes workload identity, managed identity, AZURE_* environment) instead of a connection string\",\"type\":\"string\"},\"clientId\":{\"minLength\":1,\"description\":\"With namespace or checkpointAccountUrl: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)\",\"type\":\"string\"},\"checkpointStorage\":{\"minLength\":1,\"description\":\"Azure Storage connection string of the blob checkpoint store; consumer groups (push subscriptions on streams) need it or checkpointAccountUrl\",\"type\":\"string\"},\"checkpointAccountUrl\":{\"minLength\":1,\"description\":\"https://<account>.blob.core.windows.net: the blob checkpoint store reached with DefaultAzureCredential (role Storage Blob Data Contributor) instead of checkpointStorage\",\"type\":\"string\"},\"checkpointContainer\":{\"minLength\":3,\"maxLength\":63,\"description\":\"Blob container for checkpoints and partition ownership, created if missing (default outrigger-checkpoints)\",\"type\":\"string\"},\"maxMessageBytes\":{\"minimum\":1024,\"maximum\":20971520,\"description\":\"Largest event body (default 1048576, the standard tier; basic: 262144)\",\"type\":\"integer\"},\"readConsumerGroup\":{\"minLength\":1,\"description\":\"Consumer group used by stream reads (SSE, gRPC); default $Default\",\"type\":\"string\"},\"loadBalancingIntervalMs\":{\"minimum\":100,\"maximum\":600000,\"description\":\"How often a consumer re-balances partitions and renews its claims (default 10000)\",\"type\":\"integer\"},\"ownershipExpiryMs\":{\"minimum\":500,\"maximum\":3600000,\"description\":\"A claim not renewed for this long may be taken by another replica (default 60000; at least twice loadBalancingIntervalMs)\",\"type\":\"integer\"},\"processRetryMs\":{\"minimum\":10,\"maximum\":600000,\"description\":\"Pause before a failed batch is processed again (default 1000)\",\"type\":\"integer\"},\"checkpointIntervalMs\":{\"minimum\":0,\"maximum\":600000,\"description\":\"At most one checkpoint write per partition per this many ms (default 0: every finished batch is written at once); a restart may repeat up to this much more\",\"type\":\"integer\"}}}";

/** The driver's settings validator. */
export const settingsValidator: ValidateFunction = settings;
